import { DataSource } from 'typeorm';
import { Outbox, OutboxRelay, runMigrations } from '@zagel/database';
import { createTestNamespace, dropNamespaceSchemas } from '@zagel/testing';
import { RecordingPublisher } from './fixtures/recording-publisher';
import { percentile, widgetDataSource } from './fixtures/test-database';
import { WidgetMade } from './fixtures/widget-events';

const ROWS = 200;
// Targets are measured by the benchmarks; this bound only tells "published at the commit" from "found by the 60 s sweep",
// with room for a machine busy with other work (parallel test files, other builds).
const WOKEN_MS = 1_000;

interface Timings {
  commitToPublish: number[];
  writeToPublish: number[];
}

/** Writes one row at a time through `writer` and times how long until the relay hands it over. */
async function measure(writer: DataSource, publisher: RecordingPublisher, rows = ROWS): Promise<Timings> {
  const timings: Timings = { commitToPublish: [], writeToPublish: [] };
  for (let n = 0; n < rows; n++) {
    const received = new Promise<number>((resolve) => {
      publisher.onReceive = () => resolve(performance.now());
    });
    const started = performance.now();
    await writer.transaction((manager) => Outbox.add(manager, WidgetMade, { name: 'otp', n }));
    const committed = performance.now();
    const at = await received;
    // 0 when the relay had it before the writer's transaction() promise even resolved.
    timings.commitToPublish.push(Math.max(0, at - committed));
    timings.writeToPublish.push(at - started);
  }
  return timings;
}

function report(label: string, timings: Timings): { p50: number; p99: number } {
  const line = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
  };
  const commit = line(timings.commitToPublish);
  const write = line(timings.writeToPublish);
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  process.stdout.write(
    `${label} (${ROWS} rows, one at a time): ` +
      `commit→publisher p50 ${ms(commit.p50)} p99 ${ms(commit.p99)} max ${ms(commit.max)}; ` +
      `begin+insert+commit→publisher p50 ${ms(write.p50)} p99 ${ms(write.p99)}\n`,
  );
  return commit;
}

describe('outbox publish-after-commit latency', () => {
  const test = createTestNamespace();
  let dataSource: DataSource;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    dataSource = widgetDataSource(test);
    await runMigrations(dataSource);
  });

  afterEach(async () => {
    await relay?.stop();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropNamespaceSchemas(test);
  });

  it('hands a row committed in this process to the publisher within a few ms', async () => {
    const publisher = new RecordingPublisher();
    relay = new OutboxRelay(dataSource, publisher, { sweepIntervalMs: 60_000 });
    await relay.start();
    // Warm up: connections opened, statements planned, JIT warm.
    await measure(dataSource, publisher, 20);

    const { p50 } = report('same process (commit hook)', await measure(dataSource, publisher));
    expect(publisher.received).toHaveLength(ROWS + 20);
    expect(p50).toBeLessThan(WOKEN_MS);
  }, 30_000);
});
