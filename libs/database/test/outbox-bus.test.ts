import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { Namespace } from '@zagel/config';
import { Inbox, Outbox, OutboxPublisher, OutboxRelay, runMigrations } from '@zagel/database';
import { Bus, busOptionsFromConfig, deleteBusTopology } from '@zagel/messaging';
import { MessageRequested, MessageRequestedPayload } from '@zagel/contracts';
import { createTestNamespace, dropNamespaceSchemas } from '@zagel/testing';
import { percentile, waitFor, widgetDataSource } from './fixtures/test-database';
import { Widget } from './fixtures/widget.entity';
import { WidgetMade } from './fixtures/widget-events';

const ROWS = 200;

/** The whole path on real services: commit → relay → RabbitMQ (confirmed) → consumer → inbox. */
describe('outbox relay publishing through the real bus', () => {
  const test = createTestNamespace();
  const namespace = new Namespace(test.name);
  let dataSource: DataSource;
  let producer: Bus;
  let consumer: Bus;
  let relay: OutboxRelay;
  const handled: { messageId: string; arrived: number; at: number }[] = [];
  let workRuns = 0;
  /** Deliveries the consumer has finished with, whether it ran the work or found it done. */
  let settled = 0;

  beforeAll(async () => {
    dataSource = widgetDataSource(test);
    await runMigrations(dataSource);
    const options = (service: string) => busOptionsFromConfig(test.settings, service, { connectTimeoutMs: 5_000 });
    producer = await Bus.connect(options('widget-shop'));
    consumer = await Bus.connect(options('widget-counter'));
    consumer.onEvent(WidgetMade, async (payload, { metadata }) => {
      const arrived = performance.now();
      const outcome = await Inbox.runOnce(dataSource, 'widget-counter', metadata.messageId, async (manager) => {
        workRuns++;
        await manager.getRepository(Widget).insert({ id: uuidv7(), name: `counted-${payload.n}` });
      });
      if (outcome.claimed) handled.push({ messageId: metadata.messageId, arrived, at: performance.now() });
      settled++;
    });
    await consumer.start();
    // The messaging lib's Bus is what services hand the relay: it must fit the interface as is.
    const publisher: OutboxPublisher = producer;
    relay = new OutboxRelay(dataSource, publisher, { sweepIntervalMs: 60_000 });
    await relay.start();
  });

  afterAll(async () => {
    await relay.stop();
    await Promise.allSettled([producer.close(), consumer.close()]);
    await deleteBusTopology(test.settings.RABBITMQ_URL, namespace, [
      { service: 'widget-shop', instanceIds: [test.settings.INSTANCE_ID] },
      { service: 'widget-counter', instanceIds: [test.settings.INSTANCE_ID] },
    ]);
    await dataSource.destroy();
    await dropNamespaceSchemas(test);
  });

  it('delivers committed messages to the consumer, and a republished one changes nothing twice', async () => {
    const sent = await dataSource.transaction(async (manager) => [
      await Outbox.add(manager, WidgetMade, { name: 'one', n: 1 }),
      await Outbox.add(manager, WidgetMade, { name: 'two', n: 2 }),
    ]);
    await waitFor(() => handled.length === 2);
    // The consumer handles up to its prefetch at once, so the two may finish in either order.
    expect(handled.map((entry) => entry.messageId).sort()).toEqual(sent.map((metadata) => metadata.messageId).sort());

    // Published right after the commit and deleted once confirmed: no sweep has run (60 s interval).
    await waitFor(async () => (await dataSource.query(`SELECT 1 FROM outbox`)).length === 0);

    // As if the process died after the broker confirmed but before its DELETE: the row is back.
    await dataSource.query(
      `INSERT INTO outbox (id, destination, type, version, metadata, payload, created_at)
       VALUES ($1, '{"kind":"event"}', $2, 1, $3, $4, now() - interval '1 minute')`,
      [sent[0].messageId, WidgetMade.type, JSON.stringify(sent[0]), JSON.stringify({ name: 'one', n: 1 })],
    );
    expect(await relay.publishPending()).toBe(1);
    await waitFor(() => settled === 3);
    expect(workRuns).toBe(2);
    expect(handled).toHaveLength(2);
  });

  it('a process that dies between its commits and their publish: the sweeper publishes exactly what it left', async () => {
    const before = { handled: handled.length, settled };
    // The dying process commits through its own data source and never publishes (no relay runs there).
    const dying = widgetDataSource(test);
    await dying.initialize();
    let leftovers: string[];
    try {
      leftovers = await dying.transaction(async (manager) =>
        (await Outbox.addMany(manager, WidgetMade, [1, 2, 3, 4, 5].map((n) => ({ name: 'orphan', n: 500 + n })))).map(
          (metadata) => metadata.messageId,
        ),
      );
    } finally {
      await dying.destroy();
    }
    // Meanwhile this process publishes its own commits at once.
    const live = await dataSource.transaction((manager) => Outbox.add(manager, WidgetMade, { name: 'live', n: 600 }));
    await waitFor(() => handled.length === before.handled + 1);
    expect(handled[handled.length - 1].messageId).toBe(live.messageId);
    // Its own row goes once the confirm is in (with the next INSERT, or 100 ms later): what stays is the dead process's.
    await waitFor(async () => (await dataSource.query(`SELECT 1 FROM outbox`)).length === leftovers.length);
    const orphans = await dataSource.query(`SELECT id FROM outbox ORDER BY id`);
    expect(orphans.map((row: { id: string }) => row.id)).toEqual([...leftovers].sort());

    // The restarted instance's sweeper takes rows older than its sweep age, and nothing else.
    const restarted = new OutboxRelay(dataSource, producer, { sweepIntervalMs: 50, sweepAfterMs: 200 });
    await restarted.start();
    try {
      await waitFor(() => settled === before.settled + 6, 10_000);
      await waitFor(async () => (await dataSource.query(`SELECT 1 FROM outbox`)).length === 0);
    } finally {
      await restarted.stop();
    }
    const arrived = handled.slice(before.handled + 1).map((entry) => entry.messageId);
    expect(arrived.sort()).toEqual([...leftovers].sort());
    expect(settled).toBe(before.settled + 6);
  });

  it('commit → consumer latency, one message at a time', async () => {
    handled.length = 0;
    const arrivals: number[] = [];
    const latencies: number[] = [];
    for (let n = 0; n < ROWS + 20; n++) {
      const before = handled.length;
      await dataSource.transaction((manager) => Outbox.add(manager, WidgetMade, { name: 'otp', n: 1_000 + n }));
      const committed = performance.now();
      await waitFor(() => handled.length > before, 5_000);
      const last = handled[handled.length - 1];
      if (n >= 20) {
        arrivals.push(last.arrived - committed);
        latencies.push(last.at - committed);
      }
    }
    const line = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return `p50 ${percentile(sorted, 50).toFixed(2)} ms p99 ${percentile(sorted, 99).toFixed(2)} ms`;
    };
    process.stdout.write(
      `real bus (${ROWS} rows one at a time): commit→handler called ${line(arrivals)}; ` +
        `commit→handler done (incl. its inbox transaction) ${line(latencies)}\n`,
    );
    const p50 = [...arrivals].sort((a, b) => a - b)[Math.floor(arrivals.length / 2)];
    // The target (p50 < 10 ms end to end) is measured by the benchmarks; this only catches a relay
    // that waits for its 60 s poll, with room for a machine busy with other work.
    expect(p50).toBeLessThan(1_000);
  }, 30_000);

  it('a live message a full queue refused goes out as soon as the queue has room, not after a sweep', async () => {
    // A live queue bounded at one message, declared and not consumed: it is full after one.
    const router = await Bus.connect({ ...busOptionsFromConfig(test.settings, 'full-router', { connectTimeoutMs: 5_000 }), lanes: { live: { maxLength: 1 } } });
    const routed: string[] = [];
    router.onEvent(MessageRequested, (payload) => void routed.push(payload.messageId), { lane: 'live', bindings: ['message.requested.live.*'] });
    await router.declareTopology();
    // A second, unbounded consumer of the same key: it takes the message the full queue refuses,
    // which tells the test that the publish was made (and nacked).
    const observer = await Bus.connect(busOptionsFromConfig(test.settings, 'observer', { connectTimeoutMs: 5_000 }));
    const observed: string[] = [];
    observer.onEvent(MessageRequested, (payload) => void observed.push(payload.messageId), { lane: 'live', bindings: ['message.requested.live.*'] });
    await observer.start();
        try {
      await producer.publish(MessageRequested, liveRequest());
      const accepted = liveRequest();
      await dataSource.transaction((manager) => Outbox.add(manager, MessageRequested, accepted, { messageId: accepted.messageId }));
      await waitFor(() => observed.includes(accepted.messageId));
      expect(routed).toEqual([]);

      await router.start();
      // Well within the sweeper's age (10 s) and interval (60 s here): from memory, once there is room.
      await waitFor(() => routed.includes(accepted.messageId), 5_000);
      await waitFor(async () => (await dataSource.query(`SELECT 1 FROM outbox WHERE id = $1`, [accepted.messageId])).length === 0);
    } finally {
      await Promise.allSettled([router.close(), observer.close()]);
      await deleteBusTopology(test.settings.RABBITMQ_URL, namespace, [
        { service: 'full-router', instanceIds: [test.settings.INSTANCE_ID] },
        { service: 'observer', instanceIds: [test.settings.INSTANCE_ID] },
      ]);
    }
  }, 60_000);
});

function liveRequest(): MessageRequestedPayload {
  return { messageId: uuidv7(), organizationId: uuidv7(), to: '+201000000001', body: 'Your code is 123456', messageType: 'otp', route: 'auto', lane: 'live', origin: 'otp' };
}
