import { MessageMetadata } from '@zagel/contracts';
import { runWithCorrelation } from '@zagel/observability';
import { createTestNamespace } from '@zagel/testing';
import { BusFixture, eventually, testEvent } from './bus-test-support';

const test = createTestNamespace();
const fixture = new BusFixture(test);

afterAll(() => fixture.cleanup());

describe('correlation', () => {
  it('flows from a request into what it publishes, and from a handler into what the handler publishes', async () => {
    const Accepted = testEvent('accepted');
    const Routed = testEvent('routed');
    const router = await fixture.connect('router');
    router.onEvent(Accepted, async (payload) => {
      await router.publish(Routed, { name: payload.name, n: payload.n + 1 });
    });
    await router.start();

    const tracker = await fixture.connect('tracker');
    const routed: MessageMetadata[] = [];
    tracker.onEvent(Routed, (_payload, context) => {
      routed.push(context.metadata);
    });
    await tracker.start();

    const gateway = await fixture.connect('gateway');
    const accepted = await runWithCorrelation({ correlationId: 'req-42', tenantId: 'org-7', requestId: 'http-1' }, () =>
      gateway.publish(Accepted, { name: 'sms', n: 1 }),
    );
    expect(accepted).toMatchObject({ correlationId: 'req-42', tenantId: 'org-7', type: Accepted.type, version: 1 });
    expect(accepted.causationId).toBeUndefined();

    const [next] = await eventually(() => (routed.length > 0 ? routed : undefined));
    expect(next).toMatchObject({
      type: Routed.type,
      correlationId: 'req-42',
      tenantId: 'org-7',
      causationId: accepted.messageId,
    });
    expect(next.messageId).not.toBe(accepted.messageId);
    expect(Date.parse(next.occurredAt)).toBeGreaterThanOrEqual(Date.parse(accepted.occurredAt));
  });

  it('starts a new correlation outside any context, and explicit options win over the context', async () => {
    const Lonely = testEvent('lonely');
    const bus = await fixture.connect('origin');
    const root = await bus.publish(Lonely, { name: 'a', n: 1 });
    expect(root.correlationId).toBe(root.messageId);
    expect(root.tenantId).toBeUndefined();

    const explicit = await runWithCorrelation({ correlationId: 'ctx', tenantId: 'ctx-tenant' }, () =>
      bus.publish(Lonely, { name: 'b', n: 2 }, { tenantId: 'org-9', correlationId: 'given', messageId: 'fixed-id' }),
    );
    expect(explicit).toMatchObject({ tenantId: 'org-9', correlationId: 'given', messageId: 'fixed-id' });
  });
});
