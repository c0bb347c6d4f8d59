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
}
