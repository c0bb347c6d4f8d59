import { PlatformConfig } from '@zagel/config';
import { startTracing } from '@zagel/observability';

/**
 * Starts OpenTelemetry tracing for a service process when OTEL_EXPORTER_OTLP_ENDPOINT is set (spans go
 * there over OTLP, named `service.name` = OTEL_SERVICE_NAME or the app's name); otherwise starts nothing
 * and the code runs against the no-op API. Answers whether tracing is on.
 */
export function startServiceTracing(service: string, settings: PlatformConfig): boolean {
  if (!settings.OTEL_EXPORTER_OTLP_ENDPOINT) return false;
  startTracing({ serviceName: settings.OTEL_SERVICE_NAME ?? service });
  return true;
}
