import { context, propagation, trace, Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  /** `service.name` of every span (OTEL_SERVICE_NAME, else the app's name). */
  serviceName: string;
  /**
   * Where spans go. Default: what the OTEL_* variables say (OTLP to OTEL_EXPORTER_OTLP_ENDPOINT, protocol
   * OTEL_EXPORTER_OTLP_PROTOCOL, batched per OTEL_BSP_*). Tests pass an in-memory processor.
   */
  spanProcessors?: SpanProcessor[];
}

export interface RunningTracing {
  /** Exports what is still batched, then unregisters everything: the process is back to the no-op API. */
  shutdown(): Promise<void>;
}

let running: { sdk: NodeSDK; handle: RunningTracing } | undefined;

/** Loaded when tracing starts: the SDK costs about a CPU-second to load, which a process without tracing never pays. */
function nodeSdk(): typeof import('@opentelemetry/sdk-node') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
}

/**
 * Whether this process records spans. Every helper of this lib asks it first, so with tracing off a
 * message or a request costs one boolean test: no span, no header, no context switch.
 */
export function tracingEnabled(): boolean {
  return running !== undefined;
}

/** The tracer Zagel's own spans come from (the no-op one while tracing is off). */
export function zagelTracer(): Tracer {
  return trace.getTracer('zagel');
}

/**
 * Starts the OpenTelemetry SDK for this process: the async-local context manager, the W3C
 * `traceparent`/`tracestate` propagator and a tracer provider whose spans carry `service.name`.
 * Traces only: Prometheus stays the metrics path and pino the logs path (their OTLP exporters stay
 * off). One per process; a second call answers the running one.
 */
export function startTracing(options: TracingOptions): RunningTracing {
  if (running) return running.handle;
  const sdk = new (nodeSdk().NodeSDK)({
    serviceName: options.serviceName,
    textMapPropagator: new W3CTraceContextPropagator(),
    metricReaders: [],
    logRecordProcessors: [],
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
  });
  sdk.start();
  const handle: RunningTracing = {
    shutdown: async () => {
      if (running?.handle !== handle) return;
      running = undefined;
      try {
        await sdk.shutdown();
      } finally {
        trace.disable();
        propagation.disable();
        context.disable();
      }
    },
  };
  running = { sdk, handle };
  return handle;
}

/** Flushes and stops the running SDK, if any (a service's shutdown hook). */
export async function stopTracing(): Promise<void> {
  await running?.handle.shutdown();
}
