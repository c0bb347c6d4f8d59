import type * as SentrySdk from '@sentry/node';
import { ErrorReport, setErrorReporter } from './error-reports';
import { scrubEvent } from './scrub-event';

export interface ErrorReportingOptions {
  /** SENTRY_DSN, e.g. `https://<key>@o1.ingest.sentry.io/<project>`. */
  dsn: string;
  service: string;
  instanceId: string;
  environment?: string;
  release?: string;
}

/**
 * Sends unhandled errors to Sentry: those `reportError` is handed (5xx answers, bus handler failures)
 * and the process's uncaught exceptions and unhandled rejections (reported, then the process exits
 * as Node would). Tagged with the service, the tenant and the correlation id; scrubbed by
 * `scrubEvent`. Sentry sets up no OpenTelemetry (the platform's tracing owns it) and patches no
 * module (no http, fetch or console integration): it only captures what is handed to it.
 */
export function startErrorReporting(options: ErrorReportingOptions): void {
  const Sentry = sentry();
  Sentry.init({
    dsn: options.dsn,
    environment: options.environment,
    release: options.release,
    serverName: options.instanceId,
    // Sentry 8-10's `skipOpenTelemetrySetup: true`: no tracer provider, propagator or context manager of its own.
    enableOpenTelemetrySetup: false,
    defaultIntegrations: false,
    integrations: [
      Sentry.linkedErrorsIntegration(),
      Sentry.onUncaughtExceptionIntegration(),
      // Node's own behaviour for an unhandled rejection (exit), after the report is sent.
      Sentry.onUnhandledRejectionIntegration({ mode: 'strict' }),
    ],
    // Collect nothing of users or requests; scrubEvent removes what an integration might still add.
    dataCollection: { userInfo: false, cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false, stackFrameVariables: false, queues: false },
    sendClientReports: false,
    beforeSend: scrubEvent,
    beforeBreadcrumb: () => null,
    initialScope: { tags: { service: options.service } },
  });
  setErrorReporter((error: unknown, report: ErrorReport) => {
    const tags: Record<string, string> = { source: report.source };
    if (report.tenantId) tags.tenantId = report.tenantId;
    if (report.correlationId) tags.correlationId = report.correlationId;
    for (const [name, value] of Object.entries(report.tags ?? {})) if (value !== undefined) tags[name] = value;
    Sentry.captureException(error, { level: report.level ?? 'error', tags });
  });
}

/** Sends what is still queued (at shutdown); resolves at once when reporting is off. */
export async function flushErrorReports(timeoutMs = 2_000): Promise<void> {
  if (loaded?.isInitialized()) await loaded.flush(timeoutMs);
}

let loaded: typeof SentrySdk | undefined;

/** Loaded when reporting starts: the SDK costs about half a CPU-second to load, which a process without a DSN never pays. */
function sentry(): typeof SentrySdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('@sentry/node') as typeof SentrySdk;
  return loaded;
}
