import { v7 as uuidv7 } from 'uuid';
import { Contract, MessageMetadata, parsePayload } from '@zagel/contracts';
import { currentCorrelation, traceContextOf } from '@zagel/observability';
import { Destination, OutgoingMessage } from './outgoing-message';

/** Overrides for the metadata a message would otherwise inherit from the work in progress. */
export interface PublishOptions {
  tenantId?: string;
  correlationId?: string;
  /** The idempotency key; set it when the same logical message may be published again (outbox, retries). */
  messageId?: string;
  causationId?: string;
  occurredAt?: string;
}

/** Where a command goes: a service's queue, or one instance's queue (device-gateway sockets). */
export interface CommandTarget {
  service: string;
  instanceId?: string;
}

/**
 * Metadata for a new message. Inside a handler or an HTTP request the correlation and tenant
 * come from the correlation context and the message being handled becomes the cause; a message
 * published outside any context starts its own correlation. While tracing is on, the active span's
 * context is recorded too (an outbox row keeps it for the publish that may come much later).
 */
export function newMetadata(contract: Contract, options: PublishOptions = {}): MessageMetadata {
  const context = currentCorrelation();
  const messageId = options.messageId ?? uuidv7();
  const tenantId = options.tenantId ?? context?.tenantId;
  const causationId = options.causationId ?? context?.messageId;
  const traceContext = traceContextOf();
  return {
    messageId,
    type: contract.type,
    version: contract.version,
    correlationId: options.correlationId ?? context?.correlationId ?? messageId,
    ...(tenantId !== undefined && { tenantId }),
    ...(causationId !== undefined && { causationId }),
    occurredAt: options.occurredAt ?? new Date().toISOString(),
    ...(traceContext !== undefined && { traceContext }),
  };
}

function expectKind(contract: Contract, kind: Contract['kind']): void {
  if (contract.kind !== kind) throw new TypeError(`${contract.type} is a ${contract.kind}, not a ${kind}`);
}

function prepare<P extends object>(
  contract: Contract<P>,
  destination: Destination,
  payload: P,
  options?: PublishOptions,
): OutgoingMessage {
  const valid = parsePayload(contract.type, contract.payload, payload);
  return { destination, metadata: newMetadata(contract, options), payload: valid };
}

/** A validated event ready to publish or to store in an outbox; throws ContractViolation. */
export function prepareEvent<P extends object>(contract: Contract<P>, payload: P, options?: PublishOptions) {
  expectKind(contract, 'event');
  return prepare(contract, { kind: 'event' }, payload, options);
}

/** A validated command ready to send or to store in an outbox; throws ContractViolation. */
export function prepareCommand<P extends object>(
  contract: Contract<P>,
  target: CommandTarget,
  payload: P,
  options?: PublishOptions,
): OutgoingMessage {
  expectKind(contract, 'command');
  const destination: Destination = { kind: 'command', service: target.service };
  if (target.instanceId !== undefined) destination.instanceId = target.instanceId;
  return prepare(contract, destination, payload, options);
}
