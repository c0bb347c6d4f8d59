import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { Inbox, MessageHistoryPruner, pruneInbox, runMigrations } from '@zagel/database';
import { createTestNamespace, dropNamespaceSchemas } from '@zagel/testing';
import { backendPid, blockedBy, waitFor, widgetDataSource } from './fixtures/test-database';
import { Widget } from './fixtures/widget.entity';

describe('inbox', () => {
  const test = createTestNamespace();
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = widgetDataSource(test);
    await runMigrations(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropNamespaceSchemas(test);
  });

  async function widgets(name: string): Promise<number> {
    return dataSource.getRepository(Widget).countBy({ name });
  }

  it('the same message claimed in two concurrent transactions runs the work once', async () => {
    const messageId = uuidv7();
    let runs = 0;
    const handle = () =>
      Inbox.runOnce(dataSource, 'widget-counter', messageId, async (manager) => {
        runs++;
        await manager.getRepository(Widget).insert({ id: uuidv7(), name: 'counted' });
        // Hold the claim until the other delivery waits on it.
        const pid = await backendPid(manager);
        await waitFor(async () => (await blockedBy(dataSource, pid)) > 0, 10_000);
        return 'done';
      });

    const outcomes = await Promise.all([handle(), handle()]);
    expect(outcomes).toEqual(expect.arrayContaining([{ claimed: true, result: 'done' }, { claimed: false }]));
    expect(runs).toBe(1);
    expect(await widgets('counted')).toBe(1);
    // A later redelivery changes nothing either.
    expect(await handle()).toEqual({ claimed: false });
    expect(await widgets('counted')).toBe(1);
  });

  it('claims per consumer: another consumer handles the same message too', async () => {
    const messageId = uuidv7();
    const claims = await Promise.all(
      ['billing.capture', 'ingestion.status'].map((consumer) =>
        dataSource.transaction((manager) => Inbox.claim(manager, consumer, messageId)),
      ),
    );
    expect(claims).toEqual([true, true]);
  });

  it('a claim whose transaction rolled back can be claimed again', async () => {
    const messageId = uuidv7();
    await expect(
      Inbox.runOnce(dataSource, 'widget-counter', messageId, async (manager) => {
        await manager.getRepository(Widget).insert({ id: uuidv7(), name: 'failed-once' });
        throw new Error('handler crashed');
      }),
    ).rejects.toThrow('handler crashed');
    expect(await widgets('failed-once')).toBe(0);

    const retried = await Inbox.runOnce(dataSource, 'widget-counter', messageId, async (manager) => {
      await manager.getRepository(Widget).insert({ id: uuidv7(), name: 'failed-once' });
      return 42;
    });
    expect(retried).toEqual({ claimed: true, result: 42 });
    expect(await widgets('failed-once')).toBe(1);
  });

  it('a waiting claim takes over when the first transaction rolls back', async () => {
    const messageId = uuidv7();
    let releaseFirst!: () => void;
    const firstClaimed = new Promise<number>((resolve) => {
      const first = dataSource.transaction(async (manager) => {
        expect(await Inbox.claim(manager, 'widget-counter', messageId)).toBe(true);
        resolve(await backendPid(manager));
        await new Promise<void>((release) => (releaseFirst = release));
        throw new Error('rolled back');
      });
      first.catch(() => undefined);
    });
    const firstPid = await firstClaimed;
    const second = dataSource.transaction((manager) => Inbox.claim(manager, 'widget-counter', messageId));
    await waitFor(async () => (await blockedBy(dataSource, firstPid)) > 0, 10_000);
    releaseFirst();
    expect(await second).toBe(true);
  });

  it('refuses a claim outside a transaction', async () => {
    await expect(Inbox.claim(dataSource.manager, 'widget-counter', uuidv7())).rejects.toThrow('open transaction');
  });

  it('prunes inbox rows past their retention, keeping the rest', async () => {
    const [old, recent] = [uuidv7(), uuidv7()];
    await dataSource.query(
      `INSERT INTO inbox (consumer, message_id, processed_at)
       VALUES ('pruner', $1, now() - interval '8 days'), ('pruner', $2, now())`,
      [old, recent],
    );
    const week = 7 * 24 * 3_600_000;
    expect(await pruneInbox(dataSource, week)).toBe(1);
    const inbox: { message_id: string }[] = await dataSource.query(
      `SELECT message_id FROM inbox WHERE consumer = 'pruner'`,
    );
    expect(inbox.map((row) => row.message_id)).toEqual([recent]);

    const pruner = new MessageHistoryPruner(dataSource, { inboxRetentionMs: 0 });
    pruner.start();
    await pruner.stop();
    const [{ left }] = await dataSource.query(`SELECT count(*)::int AS left FROM inbox WHERE consumer = 'pruner'`);
    expect(left).toBe(0);
  });
});
