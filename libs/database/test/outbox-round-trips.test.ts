import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Namespace } from '@zagel/config';
import { dbRoundTrips, Outbox, OutboxPublisher, OutboxRelay, runMigrations } from '@zagel/database';
import { Bus, busOptionsFromConfig, deleteBusTopology } from '@zagel/messaging';
import { createTestNamespace, dropNamespaceSchemas } from '@zagel/testing';
import { waitFor, widgetDataSource } from './fixtures/test-database';
import { WidgetMade } from './fixtures/widget-events';

const EVENTS = 100;
const BURST = 20;

async function roundTrips(): Promise<number> {
  return (await dbRoundTrips.get()).values[0]?.value ?? 0;
}

/**
 * Postgres round trips the outbox costs per event, on the real bus: a business transaction of
 * one event (BEGIN, INSERT, COMMIT = 3) plus whatever publishing and marking take. Prints the
 * figures; asserts only what the design promises (no per-event claim transaction).
 */
describe('outbox round trips per event', () => {
  const test = createTestNamespace();
  const namespace = new Namespace(test.name);
  let dataSource: DataSource;
  let producer: Bus;
  let relay: OutboxRelay;
  // Not counted: the test's own look at the table goes through a plain pg client.
  let observer: Client;
  let confirmed = 0;

  beforeAll(async () => {
    dataSource = widgetDataSource(test);
    await runMigrations(dataSource);
    producer = await Bus.connect(busOptionsFromConfig(test.settings, 'widget-shop', { connectTimeoutMs: 5_000 }));
    // The real bus, counting what the broker confirmed.
    const counting: OutboxPublisher = {
      publishOutgoing: async (messages) => {
        const report = await producer.publishOutgoing(messages);
        confirmed += messages.length - report.failed.length;
        return report;
      },
    };
    relay = new OutboxRelay(dataSource, counting, { sweepIntervalMs: 60_000 });
    await relay.start();
    observer = new Client({ connectionString: test.settings.DATABASE_URL });
    await observer.connect();
  });

  afterAll(async () => {
    await relay.stop();
    await observer.end();
    await producer.close();
    await deleteBusTopology(test.settings.RABBITMQ_URL, namespace, [{ service: 'widget-shop', instanceIds: [test.settings.INSTANCE_ID] }]);
    await dataSource.destroy();
    await dropNamespaceSchemas(test);
  });

  const schema = () => new Namespace(test.name).schema('widget-shop');
  /** Every row published and deleted (the last ones by the relay's own DELETE after `deleteAfterMs`). */
  const allDeleted = async () => {
    const { rows } = await observer.query(`SELECT count(*)::int AS left FROM "${schema()}".outbox`);
    return rows[0].left === 0;
  };
  const commitOne = (n: number) => dataSource.transaction((manager) => Outbox.add(manager, WidgetMade, { name: 'rt', n }));

  it('one event per transaction, one at a time (each commit waits for the previous confirm)', async () => {
    const before = await roundTrips();
    const start = confirmed;
    for (let n = 0; n < EVENTS; n++) {
      await commitOne(n);
      await waitFor(() => confirmed === start + n + 1);
    }
    await waitFor(allDeleted);
    const perEvent = ((await roundTrips()) - before) / EVENTS;
    process.stdout.write(`outbox, one at a time: ${perEvent.toFixed(2)} round trips per event (3 are the business transaction's)\n`);
    expect(perEvent).toBeLessThan(3.5);
  });

  it(`one event per transaction, ${BURST} transactions at once`, async () => {
    const before = await roundTrips();
    const start = confirmed;
    for (let round = 0; round < EVENTS / BURST; round++) {
      await Promise.all(Array.from({ length: BURST }, (_, i) => commitOne(round * BURST + i)));
      await waitFor(() => confirmed === start + (round + 1) * BURST);
    }
    await waitFor(allDeleted);
    const perEvent = ((await roundTrips()) - before) / EVENTS;
    process.stdout.write(`outbox, bursts of ${BURST}: ${perEvent.toFixed(2)} round trips per event (3 are the business transaction's)\n`);
    expect(perEvent).toBeLessThan(3.5);
  });
});
