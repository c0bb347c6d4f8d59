import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { BusErrorCode, ContractViolation } from '@zagel/contracts';
import { register } from 'prom-client';
import { Outbox, OUTBOX_OLDEST_AGE, OutboxRelay, runMigrations } from '@zagel/database';
import { runWithCorrelation } from '@zagel/observability';
import { createTestNamespace, dropNamespaceSchemas } from '@zagel/testing';
import { RecordingPublisher } from './fixtures/recording-publisher';
import { waitFor, widgetDataSource } from './fixtures/test-database';
import { Widget } from './fixtures/widget.entity';
import { PaintWidget, WidgetMade } from './fixtures/widget-events';

const silent = { warn: () => undefined, error: () => undefined };

describe('transactional outbox', () => {
  const test = createTestNamespace();
  let dataSource: DataSource;
  const relays: OutboxRelay[] = [];

  function relay(publisher: RecordingPublisher, options: ConstructorParameters<typeof OutboxRelay>[2] = {}) {
    const created = new OutboxRelay(dataSource, publisher, { logger: silent, ...options });
    relays.push(created);
    return created;
  }

  function makeWidget(name: string, n: number): Promise<string> {
    return dataSource.transaction(async (manager) => {
      await manager.getRepository(Widget).insert({ id: uuidv7(), name });
      const metadata = await Outbox.add(manager, WidgetMade, { name, n });
      return metadata.messageId;
    });
  }

  async function unpublished(): Promise<number> {
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM outbox WHERE published_at IS NULL`);
    return count;
  }

  beforeAll(async () => {
    dataSource = widgetDataSource(test);
    await runMigrations(dataSource);
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await dataSource.query('DELETE FROM outbox');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropNamespaceSchemas(test);
  });

  it('publishes a committed message right after its commit (no sweep) and never one whose transaction rolled back', async () => {
    const publisher = new RecordingPublisher();
    // No sweep but the one at start: only the commit can hand the message over in time.
    const relayUnderTest = relay(publisher, { sweepIntervalMs: 60_000, sweepAfterMs: 60_000 });
    await relayUnderTest.start();

    let rolledBackId = '';
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.getRepository(Widget).insert({ id: uuidv7(), name: 'ghost' });
        rolledBackId = (await Outbox.add(manager, WidgetMade, { name: 'ghost', n: 0 })).messageId;
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const committedId = await makeWidget('real', 1);

    await waitFor(() => publisher.received.length === 1);
    // Deleted once confirmed: the row was written once and is gone.
    await waitFor(async () => (await unpublished()) === 0);
    // Once stopped it has finished every publish: whatever it published wrongly or twice is in by now.
    await relayUnderTest.stop();
    expect(publisher.ids()).toEqual([committedId]);
    expect(publisher.ids()).not.toContain(rolledBackId);
  });

  it('commits business rows and their messages in one autocommitted statement, published after it; a failed statement writes and publishes nothing', async () => {
    const publisher = new RecordingPublisher();
    const relayUnderTest = relay(publisher, { sweepIntervalMs: 60_000, sweepAfterMs: 60_000 });
    await relayUnderTest.start();
    const widget = (name: string, id = uuidv7()) => ({
      ctes: `made AS (INSERT INTO widget (id, name) VALUES ($1, $2) RETURNING id, name)`,
      select: `SELECT id, name FROM made`,
      params: [id, name],
    });

    const made = Outbox.prepare(WidgetMade, { name: 'one-statement', n: 7 });
    const rows = await Outbox.commitWith<{ id: string; name: string }>(dataSource, [made], widget('one-statement'));
    expect(rows).toEqual([expect.objectContaining({ name: 'one-statement' })]);
    await waitFor(() => publisher.received.length === 1);
    expect(publisher.ids()).toEqual([made.prepared.metadata.messageId]);

    // The same id again: the statement fails as a whole, its outbox row included, and nothing goes out.
    const failed = Outbox.prepare(WidgetMade, { name: 'duplicate', n: 8 });
    await expect(Outbox.commitWith(dataSource, [failed], widget('duplicate', rows[0]!.id))).rejects.toThrow();
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM outbox WHERE id = $1`, [failed.prepared.metadata.messageId]);
    expect(count).toBe(0);
    await waitFor(async () => (await unpublished()) === 0);
    await relayUnderTest.stop();
    expect(publisher.ids()).toEqual([made.prepared.metadata.messageId]);
  });

  it('deletes published rows on the side of the next outbox INSERT, and hands them back if that transaction rolls back', async () => {
    const publisher = new RecordingPublisher();
    // No DELETE of its own within the test: only INSERTs (and the stop) remove published rows.
    const relayUnderTest = relay(publisher, { sweepIntervalMs: 60_000, sweepAfterMs: 60_000, deleteAfterMs: 60_000 });
    await relayUnderTest.start();
    const first = await makeWidget('first', 1);
    await waitFor(() => publisher.received.length === 1);
    const ids = async () => (await dataSource.query(`SELECT id FROM outbox ORDER BY id`)).map((row: { id: string }) => row.id);
    expect(await ids()).toEqual([first]);

    await expect(
      dataSource.transaction(async (manager) => {
        await Outbox.add(manager, WidgetMade, { name: 'ghost', n: 2 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await ids()).toEqual([first]);

    const third = await makeWidget('third', 3);
    expect(await ids()).toEqual([third]);
    await waitFor(() => publisher.received.length === 2);
    await relayUnderTest.stop();
    expect(await ids()).toEqual([]);
    expect(publisher.ids()).toEqual([first, third]);
  });

  it('forgets what a rolled-back savepoint wrote and publishes what a released one wrote', async () => {
    const publisher = new RecordingPublisher();
    await relay(publisher, { sweepIntervalMs: 60_000, sweepAfterMs: 60_000 }).start();
    const kept = await dataSource.transaction(async (manager) => {
      const outer = await Outbox.add(manager, WidgetMade, { name: 'outer', n: 1 });
      await expect(
        manager.transaction(async (inner) => {
          await Outbox.add(inner, WidgetMade, { name: 'undone', n: 2 });
          throw new Error('savepoint rolled back');
        }),
      ).rejects.toThrow('savepoint rolled back');
      const released = await manager.transaction((inner) => Outbox.add(inner, WidgetMade, { name: 'released', n: 3 }));
      return [outer.messageId, released.messageId];
    });
    await waitFor(async () => publisher.received.length === 2 && (await unpublished()) === 0);
    expect(publisher.ids()).toEqual(kept);
  });

  it('withdraws messages of this transaction: their rows go and nothing is published for them', async () => {
    const publisher = new RecordingPublisher();
    await relay(publisher, { sweepIntervalMs: 60_000, sweepAfterMs: 60_000 }).start();
    const [kept] = await dataSource.transaction(async (manager) => {
      const stored = await Outbox.addMany(manager, WidgetMade, [1, 2, 3].map((n) => ({ name: 'batch', n })));
      expect(await Outbox.withdraw(manager, WidgetMade, (payload) => payload.n > 1)).toBe(2);
      expect(await Outbox.withdraw(manager, PaintWidget, () => true)).toBe(0);
      return stored;
    });
    await waitFor(async () => publisher.received.length === 1 && (await unpublished()) === 0);
    expect(publisher.ids()).toEqual([kept.messageId]);
  });

  it('leaves what it fails to publish from memory to the sweeper, once the row is older than the sweep age', async () => {
    const publisher = new RecordingPublisher();
    publisher.failWith = new Error('broker unreachable');
    const relayUnderTest = relay(publisher, { sweepIntervalMs: 50, sweepAfterMs: 300 });
    await relayUnderTest.start();
    const id = await makeWidget('retried', 1);
    await waitFor(() => publisher.calls >= 1);
    expect(await unpublished()).toBe(1);
    publisher.failWith = undefined;
    await waitFor(() => publisher.received.length === 1, 5_000);
    expect(publisher.ids()).toEqual([id]);
    await waitFor(async () => (await unpublished()) === 0);
  });

  it(`reports the oldest waiting row's age in ${OUTBOX_OLDEST_AGE} at each sweep, and 0 once it is gone`, async () => {
    const oldestAge = async () => (await register.getSingleMetric(OUTBOX_OLDEST_AGE)!.get()).values[0]?.value ?? 0;
    const publisher = new RecordingPublisher();
    publisher.failWith = new Error('broker unreachable');
    await relay(publisher, { sweepIntervalMs: 20, sweepAfterMs: 60_000 }).start();
    await makeWidget('stuck', 1);
    await waitFor(async () => (await oldestAge()) >= 0.3, 10_000);
    expect(await unpublished()).toBe(1);

    publisher.failWith = undefined;
    await dataSource.query('UPDATE outbox SET created_at = created_at - interval \'2 minutes\'');
    await waitFor(async () => (await unpublished()) === 0, 10_000);
    await waitFor(async () => (await oldestAge()) === 0, 10_000);
  });

  it('stores destination, metadata from the correlation context and the validated payload', async () => {
    const publisher = new RecordingPublisher();
    const context = { correlationId: 'corr-1', tenantId: 'org-7', messageId: 'cause-1' };
    const target = { service: 'painter', instanceId: 'p-1' };
    const [eventMeta, commandMeta] = await runWithCorrelation(context, () =>
      dataSource.transaction(async (manager) => [
        await Outbox.add(manager, WidgetMade, { name: 'a', n: 1 }),
        await Outbox.add(manager, PaintWidget, { name: 'b', n: 2 }, { target }),
      ]),
    );
    expect(eventMeta).toMatchObject({ type: WidgetMade.type, version: 1, correlationId: 'corr-1', tenantId: 'org-7' });
    expect(eventMeta.causationId).toBe('cause-1');
    expect(eventMeta.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);

    expect(await relay(publisher).publishPending()).toBe(2);
    expect(publisher.received).toEqual([
      { destination: { kind: 'event' }, metadata: eventMeta, payload: { name: 'a', n: 1 } },
      { destination: { kind: 'command', ...target }, metadata: commandMeta, payload: { name: 'b', n: 2 } },
    ]);
  });

  it('refuses an invalid payload, a command without target and a write outside a transaction', async () => {
    await expect(
      dataSource.transaction((manager) => Outbox.add(manager, WidgetMade, { name: 'x', n: -1 })),
    ).rejects.toBeInstanceOf(ContractViolation);
    await expect(
      dataSource.transaction((manager) => Outbox.add(manager, WidgetMade, { name: 'x', n: 1, extra: true } as never)),
    ).rejects.toBeInstanceOf(ContractViolation);
    await expect(
      dataSource.transaction((manager) => Outbox.add(manager, PaintWidget, { name: 'x', n: 1 })),
    ).rejects.toThrow('options.target is required');
    await expect(Outbox.add(dataSource.manager, WidgetMade, { name: 'x', n: 1 })).rejects.toThrow('open transaction');
    // A prepared message (as the messaging lib's prepareEvent builds it) is validated too.
    const prepared = {
      destination: { kind: 'event' as const },
      metadata: {
        messageId: uuidv7(),
        type: WidgetMade.type,
        version: 1,
        correlationId: 'c',
        occurredAt: new Date().toISOString(),
      },
      payload: { name: 'y' },
    };
    await expect(dataSource.transaction((manager) => Outbox.add(manager, prepared))).rejects.toBeInstanceOf(
      ContractViolation,
    );
    expect(await unpublished()).toBe(0);
  });

  it('stores prepared messages of different contracts with one statement, in order, and rolls them back together', async () => {
    const stored = await dataSource.transaction((manager) =>
      Outbox.addPrepared(manager, [
        Outbox.prepare(WidgetMade, { name: 'first', n: 1 }),
        Outbox.prepare(PaintWidget, { name: 'paint', n: 3 }, { target: { service: 'painter' } }),
      ]),
    );
    const rows: { id: string; type: string }[] = await dataSource.query(`SELECT id, type FROM outbox ORDER BY id`);
    expect(rows).toEqual(stored.map((metadata) => ({ id: metadata.messageId, type: metadata.type })));
    expect(rows.map((row) => row.type)).toEqual([WidgetMade.type, PaintWidget.type]);

    await expect(
      dataSource.transaction(async (manager) => {
        await Outbox.addPrepared(manager, [Outbox.prepare(WidgetMade, { name: 'ghost', n: 2 })]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await unpublished()).toBe(2);
  });

  it('sweeps in creation order, in batches, deletes the rows and does not publish them again', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 25; n++) ids.push(await makeWidget(`w${n}`, n));
    await dataSource.transaction((manager) =>
      Outbox.addMany(manager, WidgetMade, Array.from({ length: 20 }, (_, i) => ({ name: 'bulk', n: 100 + i }))),
    );
    const publisher = new RecordingPublisher();
    const relayUnderTest = relay(publisher, { batchSize: 10 });

    expect(await relayUnderTest.publishPending()).toBe(45);
    expect(publisher.batches).toEqual([10, 10, 10, 10, 5]);
    expect(publisher.ids().slice(0, 25)).toEqual(ids);
    expect(publisher.ids()).toEqual([...publisher.ids()].sort());
    expect(publisher.received.slice(25).map((message) => (message.payload as { n: number }).n)).toEqual(
      Array.from({ length: 20 }, (_, i) => 100 + i),
    );
    expect(await unpublished()).toBe(0);

    await relayUnderTest.start();
    await relayUnderTest.publishPending();
    await relayUnderTest.stop();
    expect(publisher.received).toHaveLength(45);
  });

  it('two sweepers running at once publish every row exactly once', async () => {
    const writes = Array.from({ length: 300 }, (_, n) => n);
    await dataSource.transaction((manager) =>
      Outbox.addMany(manager, WidgetMade, writes.map((n) => ({ name: 'race', n }))),
    );
    const [a, b] = [new RecordingPublisher(), new RecordingPublisher()];
    // Slow publishers keep each batch locked long enough for the other relay to hit it.
    a.delayMs = 5;
    b.delayMs = 5;
    // Both sweep every row at once (no age): only the row locks keep them apart.
    const sweeping = { batchSize: 20, sweepIntervalMs: 10, sweepAfterMs: 0 };
    const [relayA, relayB] = [relay(a, sweeping), relay(b, sweeping)];
    await Promise.all([relayA.start(), relayB.start()]);
    // Keep writing while both run, from an instance that publishes nothing itself.
    const other = widgetDataSource(test);
    await other.initialize();
    try {
      for (let n = 300; n < 400; n++) {
        await other.transaction((manager) => Outbox.add(manager, WidgetMade, { name: 'late', n }));
      }
    } finally {
      await other.destroy();
    }

    await waitFor(async () => (await unpublished()) === 0, 10_000);
    await Promise.all([relayA.stop(), relayB.stop()]);
    const all = [...a.ids(), ...b.ids()];
    expect(all).toHaveLength(400);
    expect(new Set(all).size).toBe(400);
    expect(a.received.length).toBeGreaterThan(0);
    expect(b.received.length).toBeGreaterThan(0);
  }, 20_000);

  it('a failed publish leaves the rows for a later round; a partial failure keeps only the refused ones', async () => {
    const first = await makeWidget('first', 1);
    const second = await makeWidget('second', 2);
    const publisher = new RecordingPublisher();
    publisher.failWith = new Error('broker unreachable');
    const relayUnderTest = relay(publisher, { retryDelayMs: 60_000 });

    expect(await relayUnderTest.publishPending()).toBe(0);
    expect(await unpublished()).toBe(2);
    const [row] = await dataSource.query(
      `SELECT attempts, last_error, next_attempt_at > now() AS waiting FROM outbox WHERE id = $1`,
      [first],
    );
    expect(row).toEqual({ attempts: 1, last_error: 'broker unreachable', waiting: true });
    // Retrying is the only write on the row besides its INSERT and DELETE.
    // Backing off: not retried before its delay.
    publisher.failWith = undefined;
    expect(await relayUnderTest.publishPending()).toBe(0);

    publisher.failIds.add(second);
    const letTheDelayPass = () => dataSource.query(`UPDATE outbox SET next_attempt_at = now() WHERE published_at IS NULL`);
    await letTheDelayPass();
    expect(await relayUnderTest.publishPending()).toBe(1);
    expect(publisher.ids()).toEqual([first]);

    publisher.failIds.clear();
    await letTheDelayPass();
    expect(await relayUnderTest.publishPending()).toBe(1);
    expect(publisher.ids()).toEqual([first, second]);
    expect(await unpublished()).toBe(0);
  });

  it('drops a command to one instance that has reached no queue for goneInstanceAfterMs, and keeps retrying the others', async () => {
    const gone = { service: 'painter', instanceId: 'painter-gone' };
    const [old, recent, toService] = await dataSource.transaction(async (manager) => [
      (await Outbox.add(manager, PaintWidget, { name: 'old', n: 1 }, { target: gone })).messageId,
      (await Outbox.add(manager, PaintWidget, { name: 'recent', n: 2 }, { target: gone })).messageId,
      (await Outbox.add(manager, PaintWidget, { name: 'to the service', n: 3 }, { target: { service: 'painter' } })).messageId,
    ]);
    await dataSource.query(`UPDATE outbox SET created_at = now() - interval '10 minutes' WHERE id = ANY($1::uuid[])`, [[old, toService]]);
    const publisher = new RecordingPublisher();
    publisher.failIds = new Set([old, recent, toService]);
    publisher.failIdsWith = Object.assign(new Error('no queue is bound'), { code: BusErrorCode.Unroutable });
    const warnings: string[] = [];
    const relayUnderTest = relay(publisher, { goneInstanceAfterMs: 300_000, logger: { warn: (line: string) => warnings.push(line), error: () => undefined } });

    expect(await relayUnderTest.publishPending()).toBe(0);
    const left = (await dataSource.query(`SELECT id, attempts FROM outbox ORDER BY created_at DESC`)) as { id: string; attempts: number }[];
    expect(left.map((row) => row.id).sort()).toEqual([recent, toService].sort());
    expect(left.every((row) => row.attempts === 1)).toBe(true);
    expect(warnings.filter((line) => line.includes(old) && line.includes('painter/painter-gone'))).toHaveLength(1);
  });

  it('a publish that never settles times out and the rows are retried', async () => {
    const id = await makeWidget('stuck', 1);
    const hanging = { publishOutgoing: () => new Promise<void>(() => undefined) };
    const stuck = new OutboxRelay(dataSource, hanging, { logger: silent, publishTimeoutMs: 50, retryDelayMs: 10 });
    expect(await stuck.publishPending()).toBe(0);
    const [row] = await dataSource.query(`SELECT attempts, last_error FROM outbox WHERE id = $1`, [id]);
    expect(row).toEqual({ attempts: 1, last_error: 'publish not confirmed within 50 ms' });
  });

  it('stops cleanly: waits for the round in flight and publishes nothing afterwards', async () => {
    const publisher = new RecordingPublisher();
    publisher.delayMs = 100;
    const relayUnderTest = relay(publisher, { sweepAfterMs: 0 });
    await relayUnderTest.start();
    await makeWidget('before-stop', 1);
    await waitFor(() => publisher.calls === 1);
    await relayUnderTest.stop();
    expect(publisher.received).toHaveLength(1);
    expect(await unpublished()).toBe(0);

    await makeWidget('after-stop', 2);
    expect(await unpublished()).toBe(1);
    // The row waits for the next start (its first sweep), not for a relay that was stopped.
    await relayUnderTest.start();
    await waitFor(() => publisher.received.length === 2);
    expect(publisher.batches).toEqual([1, 1]);
  });
});
