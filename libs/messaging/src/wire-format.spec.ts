import type { ConsumeMessage } from 'amqplib';
import { BusHeader, MessageMetadata } from '@zagel/contracts';
import { attemptOf, copyProperties, deadLetterHeaders, publishProperties, readMetadata } from './wire-format';

const metadata: MessageMetadata = {
  messageId: '0190f7a4-8c1e-7a3b-9f00-4d2c5e6a7b8c',
  type: 'message.requested',
  version: 2,
  correlationId: 'corr-1',
  tenantId: 'org-1',
  causationId: 'cause-1',
  occurredAt: '2025-01-02T03:04:05.678Z',
};

function delivered(properties: ReturnType<typeof publishProperties>, redelivered = false): ConsumeMessage {
  return {
    content: Buffer.from('{}'),
    fields: { deliveryTag: 1, redelivered, exchange: 'x', routingKey: 'k', consumerTag: 'c' },
    properties: {
      ...properties,
      deliveryMode: properties.persistent ? 2 : 1,
    },
  } as unknown as ConsumeMessage;
}

describe('wire format', () => {
  it('round-trips metadata through AMQP properties and headers', () => {
    const properties = publishProperties(metadata, 'ingestion', true);
    expect(properties).toMatchObject({
      messageId: metadata.messageId,
      type: 'message.requested',
      timestamp: Math.floor(Date.parse(metadata.occurredAt) / 1000),
      contentType: 'application/json',
      correlationId: 'corr-1',
      appId: 'ingestion',
      persistent: true,
      headers: {
        [BusHeader.CorrelationId]: 'corr-1',
        [BusHeader.TenantId]: 'org-1',
        [BusHeader.SchemaVersion]: 2,
        [BusHeader.CausationId]: 'cause-1',
        [BusHeader.Attempt]: 1,
      },
    });
    expect(readMetadata(delivered(properties), 1)).toEqual(metadata);
  });

  it('leaves out absent tenant and causation, and falls back for foreign messages', () => {
    const { tenantId, causationId, ...bare } = metadata;
    expect(tenantId && causationId).toBeTruthy();
    const properties = publishProperties(bare, 'otp', true);
    expect(Object.keys(properties.headers ?? {})).not.toContain(BusHeader.TenantId);
    expect(readMetadata(delivered(properties), 1)).toEqual(bare);

    const foreign = delivered({ messageId: 'm', type: 't', timestamp: 1_700_000_000 } as never);
    expect(readMetadata(foreign, 3)).toEqual({
      messageId: 'm',
      type: 't',
      version: 3,
      correlationId: 'm',
      tenantId: undefined,
      causationId: undefined,
      occurredAt: new Date(1_700_000_000_000).toISOString(),
    });
    expect(attemptOf(foreign)).toBe(1);
  });

  it('copies a delivery for retry or dead-lettering without the broker death headers', () => {
    const properties = publishProperties(metadata, 'billing', true);
    const message = delivered({ ...properties, headers: { ...properties.headers, 'x-death': [{ count: 1 }] } });
    const copy = copyProperties(message, { [BusHeader.Attempt]: 2 });
    expect(copy.headers).not.toHaveProperty('x-death');
    expect(copy).toMatchObject({
      messageId: metadata.messageId,
      persistent: true,
      headers: { [BusHeader.Attempt]: 2 },
    });
    expect(attemptOf(delivered(copy))).toBe(2);
  });

  it('truncates the dead-letter error to 1000 characters', () => {
    const headers = deadLetterHeaders('retries_exhausted', 'e'.repeat(5_000), 'q');
    expect(String(headers[BusHeader.DeadLetterError])).toHaveLength(1_000);
    expect(headers).toMatchObject({
      [BusHeader.DeadLetterReason]: 'retries_exhausted',
      [BusHeader.OriginalQueue]: 'q',
    });
  });
});
