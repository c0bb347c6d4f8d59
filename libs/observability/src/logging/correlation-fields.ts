import { CorrelationContext, currentCorrelation } from '../correlation-context';
import { traceFields } from '../tracing/spans';

export interface CorrelationFields {
  correlationId?: string;
  tenantId?: string;
  messageId?: string;
  /** The HTTP request's id, on lines written while serving it. */
  reqId?: string;
}

/** The fields a log line carries from a correlation context (only those that are set). */
export function correlationFields(context: CorrelationContext | undefined): CorrelationFields {
  if (!context) return {};
  const fields: CorrelationFields = { correlationId: context.correlationId };
  if (context.tenantId !== undefined) fields.tenantId = context.tenantId;
  if (context.messageId !== undefined) fields.messageId = context.messageId;
  if (context.requestId !== undefined) fields.reqId = context.requestId;
  return fields;
}

/**
 * pino `mixin`: every line written inside `runWithCorrelation` carries its ids, and inside a span (tracing
 * on) its `trace_id` and `span_id`.
 */
export function correlationMixin(): CorrelationFields & { trace_id?: string; span_id?: string } {
  const fields = correlationFields(currentCorrelation());
  const trace = traceFields();
  return trace.trace_id ? { ...fields, ...trace } : fields;
}
