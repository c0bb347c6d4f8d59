import type { ConsumeMessage, Options } from 'amqplib';
import { BusHeader, MessageMetadata } from '@zagel/contracts';

/**
 * The exact publish time (AMQP `timestamp` has whole seconds only). Not in BusHeader because only
 * this lib reads it: consumers see it as `metadata.occurredAt`.
 */
export const OCCURRED_AT_HEADER = 'x-occurred-at';

export type DeadLetterReason = 'invalid_payload' | 'permanent_failure' | 'retries_exhausted' | 'unknown_type';

const MAX_ERROR_HEADER_LENGTH = 1_000;

/** Broker-added headers that describe an earlier hop; a copy we publish starts clean. */
const BROKER_HEADERS = ['x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason'];

/** AMQP properties and headers for a message; the body is the JSON of the payload alone. */
export function publishProperties(metadata: MessageMetadata, appId: string, persistent: boolean): Options.Publish {
  const headers: Record<string, string | number> = {
    [BusHeader.CorrelationId]: metadata.correlationId,
    [BusHeader.SchemaVersion]: metadata.version,
    [BusHeader.Attempt]: 1,
    [OCCURRED_AT_HEADER]: metadata.occurredAt,
  };
  if (metadata.tenantId !== undefined) headers[BusHeader.TenantId] = metadata.tenantId;
  if (metadata.causationId !== undefined) headers[BusHeader.CausationId] = metadata.causationId;
  return {
    messageId: metadata.messageId,
    type: metadata.type,
    timestamp: Math.floor(Date.parse(metadata.occurredAt) / 1000),
    contentType: 'application/json',
    correlationId: metadata.correlationId,
    appId,
    persistent,
    headers,
  };
}

export function encodeBody(payload: object): Buffer {
  return Buffer.from(JSON.stringify(payload));
}

type Headers = Record<string, unknown>;

function stringHeader(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString();
  return undefined;
}

/** Which delivery of the message this is: 1 for the first, counting the retries this lib made. */
export function attemptOf(message: ConsumeMessage): number {
  const value = Number((message.properties.headers ?? {})[BusHeader.Attempt]);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/** Metadata as the publisher set it; `version` falls back to the version the consumer knows. */
export function readMetadata(message: ConsumeMessage, knownVersion: number): MessageMetadata {
  const properties = message.properties;
  const headers: Headers = properties.headers ?? {};
  const messageId = typeof properties.messageId === 'string' ? properties.messageId : '';
  const version = Number(headers[BusHeader.SchemaVersion]);
  const timestamp = typeof properties.timestamp === 'number' ? properties.timestamp * 1000 : Date.now();
  return {
    messageId,
    type: typeof properties.type === 'string' ? properties.type : '',
    version: Number.isInteger(version) ? version : knownVersion,
    correlationId:
      stringHeader(headers, BusHeader.CorrelationId) ??
      (typeof properties.correlationId === 'string' ? properties.correlationId : messageId),
    tenantId: stringHeader(headers, BusHeader.TenantId),
    causationId: stringHeader(headers, BusHeader.CausationId),
    occurredAt: stringHeader(headers, OCCURRED_AT_HEADER) ?? new Date(timestamp).toISOString(),
  };
}

/** Publish options for a copy of a delivered message (retry or dead letter): same identity, new headers. */
export function copyProperties(message: ConsumeMessage, extraHeaders: Headers): Options.Publish {
  const properties = message.properties;
  const headers: Headers = { ...(properties.headers ?? {}) };
  for (const name of BROKER_HEADERS) delete headers[name];
  return {
    messageId: properties.messageId,
    type: properties.type,
    timestamp: properties.timestamp,
    contentType: properties.contentType,
    contentEncoding: properties.contentEncoding,
    correlationId: properties.correlationId,
    appId: properties.appId,
    persistent: properties.deliveryMode === 2,
    headers: { ...headers, ...extraHeaders },
  };
}

export function deadLetterHeaders(reason: DeadLetterReason, error: string, queue: string): Headers {
  return {
    [BusHeader.DeadLetterReason]: reason,
    [BusHeader.DeadLetterError]: error.slice(0, MAX_ERROR_HEADER_LENGTH),
    [BusHeader.OriginalQueue]: queue,
  };
}
