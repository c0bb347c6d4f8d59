import { Attributes, Context, context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracingEnabled, zagelTracer } from './tracing';

export interface SpanSpec {
  name: string;
  kind: SpanKind;
  attributes?: Attributes;
  /** The context the span is a child of; default the active one. */
  parent?: Context;
}

/** A started span, or undefined while tracing is off (callers end it with `endSpan`). */
export function startSpan(spec: SpanSpec): Span | undefined {
  if (!tracingEnabled()) return undefined;
  return zagelTracer().startSpan(spec.name, { kind: spec.kind, attributes: spec.attributes }, spec.parent ?? context.active());
}

/** The context in which work runs as a child of `span` (the active context when there is no span). */
export function contextWithSpan(span: Span | undefined, parent: Context = context.active()): Context {
  return span ? trace.setSpan(parent, span) : parent;
}

/** Marks a span failed with the error (its message, type and stack as an exception event). */
export function failSpan(span: Span | undefined, error: unknown): void {
  if (!span) return;
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** Marks the active span failed (a handler error the dispatcher settles rather than rethrows). */
export function failActiveSpan(error: unknown): void {
  if (tracingEnabled()) failSpan(trace.getActiveSpan(), error);
}

export function endSpan(span: Span | undefined, attributes?: Attributes): void {
  if (!span) return;
  if (attributes) span.setAttributes(attributes);
  span.end();
}

/**
 * Runs `work` inside a new span and ends it when the work settles, failed if it throws. Tracing off:
 * runs `work` as it is.
 */
export async function withSpan<T>(spec: SpanSpec, work: (span: Span | undefined) => Promise<T>): Promise<T> {
  const span = startSpan(spec);
  if (!span) return work(undefined);
  try {
    return await context.with(trace.setSpan(spec.parent ?? context.active(), span), () => work(span));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** `trace_id` and `span_id` of the active span, for log lines; nothing while tracing is off or outside a span. */
export function traceFields(): { trace_id?: string; span_id?: string } {
  if (!tracingEnabled()) return {};
  const span = trace.getActiveSpan();
  if (!span) return {};
  return spanFields(span);
}

/** `trace_id` and `span_id` of a given span (lines written outside its context, such as the access log). */
export function spanFields(span: Span | undefined): { trace_id?: string; span_id?: string } {
  const spanContext = span?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

export { SpanKind };
