import { BusHeader } from '@zagel/contracts';
import { deadQueueName, PermanentFailure, serviceQueueName } from '@zagel/messaging';
import { createTestNamespace } from '@zagel/testing';
import { BusFixture, eventually, takeMessage, testEvent } from './bus-test-support';

const test = createTestNamespace();
const fixture = new BusFixture(test);
const retryDelaysMs = [100, 200, 400];

afterAll(() => fixture.cleanup());

function eventsQueue(service: string): string {
  return serviceQueueName(test.namespace, service, 'events');
}

describe('a consumer whose handler fails', () => {
  it('retries with growing delays, then dead-letters with retries_exhausted and the error', async () => {
    const Failing = testEvent('failing');
    const service = 'retrier';
    const bus = await fixture.connect(service, { retryDelaysMs });
    const calls: { at: number; attempt: number }[] = [];
    bus.onEvent(Failing, (_payload, context) => {
      calls.push({ at: Date.now(), attempt: context.attempt });
      throw new Error('provider exploded');
    });
    await bus.start();

    const metadata = await bus.publish(Failing, { name: 'x', n: 1 });
    const raw = await fixture.rawChannel();
    try {
      const dead = await takeMessage(raw.channel, deadQueueName(eventsQueue(service)));
      const headers = dead.properties.headers ?? {};
      expect(dead.properties.messageId).toBe(metadata.messageId);
      expect(headers[BusHeader.DeadLetterReason]).toBe('retries_exhausted');
      expect(headers[BusHeader.DeadLetterError]).toContain('provider exploded');
      expect(headers[BusHeader.OriginalQueue]).toBe(eventsQueue(service));
      expect(headers[BusHeader.Attempt]).toBe(retryDelaysMs.length + 1);
      expect(JSON.parse(dead.content.toString())).toEqual({ name: 'x', n: 1 });
    } finally {
      await raw.close();
    }

    expect(calls.map((call) => call.attempt)).toEqual([1, 2, 3, 4]);
    const gaps = calls.slice(1).map((call, index) => call.at - calls[index].at);
    gaps.forEach((gap, index) => expect(gap).toBeGreaterThanOrEqual(retryDelaysMs[index] - 10));
    expect(gaps[2]).toBeGreaterThan(gaps[0]);
  });

  it('dead-letters a PermanentFailure at once', async () => {
    const Hopeless = testEvent('hopeless');
    const service = 'permanent';
    const bus = await fixture.connect(service, { retryDelaysMs });
    let calls = 0;
    bus.onEvent(Hopeless, () => {
      calls += 1;
      throw new PermanentFailure('number is on the opt-out list');
    });
    await bus.start();

    const metadata = await bus.publish(Hopeless, { name: 'y', n: 2 }, { tenantId: 'org-1' });
    const raw = await fixture.rawChannel();
    try {
      const dead = await takeMessage(raw.channel, deadQueueName(eventsQueue(service)));
      const headers = dead.properties.headers ?? {};
      expect(dead.properties.messageId).toBe(metadata.messageId);
      expect(headers[BusHeader.DeadLetterReason]).toBe('permanent_failure');
      expect(headers[BusHeader.DeadLetterError]).toBe('number is on the opt-out list');
      expect(headers[BusHeader.TenantId]).toBe('org-1');
      expect(headers[BusHeader.Attempt]).toBe(1);
    } finally {
      await raw.close();
    }
    expect(calls).toBe(1);
  });
});

describe('a message the consumer cannot read', () => {
  it('is dead-lettered at once (invalid payload, not JSON, unknown type) and never reaches a handler', async () => {
    const Strict = testEvent('strict');
    const service = 'strict';
    const bus = await fixture.connect(service, { retryDelaysMs });
    const handled: unknown[] = [];
    bus.onEvent(Strict, (payload) => {
      handled.push(payload);
    });
    await bus.start();

    const raw = await fixture.rawChannel();
    try {
      const events = test.namespace.bus('events');
      const properties = (messageId: string, type: string) => ({
        messageId,
        type,
        persistent: true,
        contentType: 'application/json',
        headers: { [BusHeader.CorrelationId]: messageId, [BusHeader.SchemaVersion]: 1 },
      });
      raw.channel.publish(
        events,
        Strict.type,
        Buffer.from(JSON.stringify({ name: 'z', n: 'three' })),
        properties('bad-payload', Strict.type),
      );
      raw.channel.publish(events, Strict.type, Buffer.from('{not json'), properties('not-json', Strict.type));
      raw.channel.sendToQueue(
        eventsQueue(service),
        Buffer.from(JSON.stringify({ name: 'z', n: 3 })),
        properties('stray', 'test.nobody.handles'),
      );

      const dead = new Map<string, Record<string, unknown>>();
      for (let index = 0; index < 3; index++) {
        const message = await takeMessage(raw.channel, deadQueueName(eventsQueue(service)));
        dead.set(String(message.properties.messageId), message.properties.headers ?? {});
      }
      expect(dead.get('bad-payload')?.[BusHeader.DeadLetterReason]).toBe('invalid_payload');
      expect(dead.get('bad-payload')?.[BusHeader.DeadLetterError]).toContain('n:');
      expect(dead.get('not-json')?.[BusHeader.DeadLetterReason]).toBe('invalid_payload');
      expect(dead.get('stray')?.[BusHeader.DeadLetterReason]).toBe('unknown_type');

      // A valid message after them still gets through, so the handler was reachable all along.
      await bus.publish(Strict, { name: 'ok', n: 4 });
      await eventually(() => (handled.length > 0 ? true : undefined));
      expect(handled).toEqual([expect.objectContaining({ name: 'ok', n: 4 })]);
    } finally {
      await raw.close();
    }
  });

  it('refuses to publish an invalid payload', async () => {
    const Checked = testEvent('checked');
    const bus = await fixture.connect('publisher');
    await expect(bus.publish(Checked, { name: 'a', n: -1 })).rejects.toMatchObject({ name: 'ContractViolation' });
    expect(bus.unconfirmed()).toBe(0);
  });
});
