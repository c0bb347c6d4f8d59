import { currentCorrelation } from '../correlation-context';

/** Where an unhandled error surfaced: an HTTP request answered 5xx, a bus handler, or the process itself. */
export type ErrorSource = 'http' | 'bus' | 'process';

export interface ErrorReport {
  source: ErrorSource;
  /** The organization the failed work was for; default: the current correlation context's. */
  tenantId?: string;
  /** Default: the current correlation context's. */
  correlationId?: string;
  /** Low-cardinality facts to search by (queue, message type, dead-letter reason, route); never payload values. */
  tags?: Record<string, string | undefined>;
  level?: 'warning' | 'error' | 'fatal';
}

/** Sends one error somewhere (Sentry); installed at boot only when reporting is configured. */
export type ErrorReporter = (error: unknown, report: ErrorReport) => void;

let reporter: ErrorReporter | undefined;
const reported = new WeakSet<object>();

export function setErrorReporter(next: ErrorReporter | undefined): void {
  reporter = next;
}

/**
 * Reports an error nobody handled (a 5xx, a bus handler failure): to Sentry when SENTRY_DSN is set,
 * nowhere otherwise. The same error object is reported once, however many layers see it.
 */
export function reportError(error: unknown, report: ErrorReport): void {
  if (!reporter) return;
  if (typeof error === 'object' && error !== null) {
    if (reported.has(error)) return;
    reported.add(error);
  }
  const context = currentCorrelation();
  reporter(error, { ...report, tenantId: report.tenantId ?? context?.tenantId, correlationId: report.correlationId ?? context?.correlationId });
}
