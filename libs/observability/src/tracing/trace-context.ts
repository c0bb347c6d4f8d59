import { Context, context, propagation, ROOT_CONTEXT, TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { tracingEnabled } from './tracing';

/** A W3C trace context as carried by a bus message, an outbox row or a phone's payload. */
export interface TraceContextCarrier {
  traceparent: string;
  tracestate?: string;
}

/** Anything that holds string fields by name: AMQP headers, HTTP headers, a Socket.IO payload. */
export type Carrier = Record<string, unknown>;

const carrierSetter: TextMapSetter<Carrier> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

// AMQP hands long-string headers back as strings, some clients as Buffers; HTTP may repeat a header.
const carrierGetter: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (typeof value === 'string') return value;
    if (Buffer.isBuffer(value)) return value.toString();
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    return undefined;
  },
};

/**
 * Writes the trace context of `from` (default: the active one) into `carrier` through the registered
 * propagator (W3C: `traceparent`, and `tracestate` when there is one). Does nothing while tracing is
 * off or when no span is active.
 */
export function injectTraceContext(carrier: Carrier, from: Context = context.active()): void {
  if (!tracingEnabled()) return;
  propagation.inject(from, carrier, carrierSetter);
}

/** The trace context of `from` (default: the active one) as a carrier, or undefined (tracing off, no span). */
export function traceContextOf(from: Context = context.active()): TraceContextCarrier | undefined {
  if (!tracingEnabled()) return undefined;
  const carrier: Carrier = {};
  propagation.inject(from, carrier, carrierSetter);
  if (typeof carrier.traceparent !== 'string') return undefined;
  return typeof carrier.tracestate === 'string'
    ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate }
    : { traceparent: carrier.traceparent };
}

/**
 * The context that continues the trace a carrier holds, on top of `base` (default: the root context, so
 * a message that carries none starts a trace of its own instead of joining whatever happens to be
 * active). Tracing off or no carrier: `base` unchanged.
 */
export function contextFromCarrier(carrier: Carrier | undefined, base: Context = ROOT_CONTEXT): Context {
  if (!tracingEnabled() || !carrier) return base;
  return propagation.extract(base, carrier, carrierGetter);
}

/** The active context, to hand to work that runs later elsewhere (a batch, a callback); undefined while tracing is off. */
export function captureTraceContext(): Context | undefined {
  return tracingEnabled() ? context.active() : undefined;
}

/** Runs `work` in a captured context (see captureTraceContext); without one, as it is. */
export function runInTraceContext<T>(captured: Context | undefined, work: () => T): T {
  return captured ? context.with(captured, work) : work();
}
