import { createTestNamespace } from '@zagel/testing';
import { prepareEvent } from '@zagel/messaging';
import { BusFixture, progressesTo, testEvent } from './bus-test-support';

const test = createTestNamespace();
const fixture = new BusFixture(test);

afterAll(() => fixture.cleanup());

describe('batch publishing', () => {
  it('confirms 20,000 messages and every one is consumed', async () => {
    const Bulk = testEvent('bulk');
    const total = 20_000;
    const consumer = await fixture.connect('bulk-consumer', { prefetch: 500 });
    const seen = new Set<string>();
    consumer.onEvent(
      Bulk,
      (payload, context) => {
        seen.add(context.metadata.messageId);
      },
      { lane: 'bulk' },
    );
    await consumer.start();
    const publisher = await fixture.connect('bulk-publisher');

    const payloads = Array.from({ length: total }, (_, n) => ({ name: `recipient-${n}`, n, note: 'x'.repeat(200) }));
    const metadata = await publisher.publishMany(Bulk, payloads.slice(0, total / 2));
    const outgoing = payloads.slice(total / 2).map((payload) => prepareEvent(Bulk, payload));
    const report = await publisher.publishOutgoing(outgoing);

    expect(metadata).toHaveLength(total / 2);
    expect(report).toEqual({ confirmed: total / 2, failed: [] });
    expect(publisher.unconfirmed()).toBe(0);
    // A throughput wait: it fails when consuming stalls, not after a fixed time.
    await progressesTo(() => seen.size, total);
    const published = [...metadata, ...outgoing.map((message) => message.metadata)];
    expect(published.filter(({ messageId }) => !seen.has(messageId))).toEqual([]);
  }, 600_000);

  it('validates the whole batch before publishing any of it', async () => {
    const Strict = testEvent('strict-batch');
    const publisher = await fixture.connect('careful');
    await expect(
      publisher.publishMany(Strict, [
        { name: 'fine', n: 1 },
        { name: 'bad', n: -5 },
      ]),
    ).rejects.toMatchObject({ name: 'ContractViolation' });
    expect(publisher.unconfirmed()).toBe(0);
  });
});
