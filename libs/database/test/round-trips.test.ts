import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { dbRoundTrips, runMigrations } from '@zagel/database';
import { createTestNamespace, dropNamespaceSchemas } from '@zagel/testing';
import { widgetDataSource } from './fixtures/test-database';

/** Round trips counted while `work` runs (nothing else uses the data source meanwhile). */
async function roundTripsOf(work: () => Promise<unknown>): Promise<number> {
  const before = (await dbRoundTrips.get()).values[0]?.value ?? 0;
  await work();
  return ((await dbRoundTrips.get()).values[0]?.value ?? 0) - before;
}

describe('zagel_db_round_trips_total', () => {
  const test = createTestNamespace();
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = widgetDataSource(test);
    await dataSource.initialize();
    await runMigrations(dataSource);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await dropNamespaceSchemas(test);
  });

  it('counts one query as one round trip', async () => {
    expect(await roundTripsOf(() => dataSource.query('SELECT 1'))).toBe(1);
  });

  it("counts a transaction's BEGIN and COMMIT as round trips of their own", async () => {
    const counted = await roundTripsOf(() =>
      dataSource.transaction((manager) => manager.query(`INSERT INTO widget (id, name) VALUES (gen_random_uuid(), 'cog')`)),
    );
    expect(counted).toBe(3);
  });

  it('counts a COPY as one round trip, however many rows it carries', async () => {
    const runner = dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const rows = ['01900000-0000-7000-8000-00000000000a\tgear\n', '01900000-0000-7000-8000-00000000000b\tspring\n'];
      const counted = await roundTripsOf(() => pipeline(Readable.from(rows), client.query(copyFrom('COPY widget (id, name) FROM STDIN'))));
      expect(counted).toBe(1);
    } finally {
      await runner.release();
    }
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM widget WHERE name IN ('gear', 'spring')`);
    expect(count).toBe(2);
  });
});
