/** AMQP header names carried by every Zagel bus message. */
export const BusHeader = {
  CorrelationId: 'x-correlation-id',
  TenantId: 'x-tenant-id',
  SchemaVersion: 'x-schema-version',
  CausationId: 'x-causation-id',
  Attempt: 'x-attempt',
  DeadLetterReason: 'x-dead-letter-reason',
  DeadLetterError: 'x-dead-letter-error',
  OriginalQueue: 'x-original-queue',
} as const;

/** What every message says about itself besides its payload. */
export interface MessageMetadata {
  /** UUIDv7, the idempotency key of the message. */
  messageId: string;
  type: string;
  version: number;
  correlationId: string;
  tenantId?: string;
  causationId?: string;
  occurredAt: string;
  /**
   * The W3C trace context of the work that created the message, present only while tracing is on. An
   * outbox row keeps it, so a message the sweeper publishes later still continues its trace; on the wire
   * it travels as the `traceparent` / `tracestate` headers of the publish span.
   */
  traceContext?: TraceContext;
}

/** W3C Trace Context (https://www.w3.org/TR/trace-context/): the `traceparent` and `tracestate` values. */
export interface TraceContext {
  traceparent: string;
  tracestate?: string;
}
