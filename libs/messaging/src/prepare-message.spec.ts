import { MessageRequested, PushToDevice } from '@zagel/contracts';
import { runWithCorrelation } from '@zagel/observability';
import { prepareCommand, prepareEvent } from './prepare-message';

const request = {
  messageId: '0190f7a4-8c1e-7a3b-9f00-4d2c5e6a7b8c',
  organizationId: '0190f7a4-8c1e-7a3b-9f00-4d2c5e6a7b8d',
  to: '+201001234567',
  body: 'hello',
  messageType: 'otp' as const,
  route: 'auto' as const,
  lane: 'live' as const,
  origin: 'otp' as const,
};

describe('prepareEvent / prepareCommand', () => {
  it('validates the payload and stamps metadata from the correlation context', () => {
    const message = runWithCorrelation({ correlationId: 'c-1', tenantId: 'org', messageId: 'cause' }, () =>
      prepareEvent(MessageRequested, request),
    );
    expect(message.destination).toEqual({ kind: 'event' });
    expect(message.metadata).toMatchObject({
      type: 'message.requested',
      version: 1,
      correlationId: 'c-1',
      tenantId: 'org',
      causationId: 'cause',
    });
    expect(message.metadata.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(message.payload).toEqual(request);
  });

  it('throws ContractViolation for an invalid payload and refuses the wrong kind of contract', () => {
    expect(() => prepareEvent(MessageRequested, { ...request, to: '0100' })).toThrow(/to must be an E\.164 number/);
    expect(() => prepareEvent(PushToDevice as never, {} as never)).toThrow(TypeError);
  });

  it('addresses a command to a service instance', () => {
    const push = {
      leaseId: request.messageId,
      messageId: request.messageId,
      deviceId: request.organizationId,
      to: request.to,
      body: 'hi',
      expiresAt: new Date().toISOString(),
    };
    const message = prepareCommand(PushToDevice, { service: 'device-gateway', instanceId: 'gw-2' }, push);
    expect(message.destination).toEqual({ kind: 'command', service: 'device-gateway', instanceId: 'gw-2' });
    expect(message.metadata.correlationId).toBe(message.metadata.messageId);
  });
});
