import { Client } from 'pg';
import { Cell } from './table';

interface TableCounters {
  inserted: number;
  updated: number;
  hotUpdated: number;
  deleted: number;
}

type Reading = Map<string, TableCounters>;

/**
 * Rows written to each table of the services' schemas over a stretch of the bench (PostgreSQL's own
 * table statistics, pg_stat_user_tables): the writes behind the PostgreSQL CPU figure, per table.
 */
export class TableWrites {
  private constructor(
    private readonly databaseUrl: string,
    private readonly schemaPrefix: string,
    private readonly before: Reading,
  ) {}

  static async start(databaseUrl: string, schemaPrefix: string): Promise<TableWrites> {
    return new TableWrites(databaseUrl, schemaPrefix, await TableWrites.read(databaseUrl, schemaPrefix));
  }

  private static async read(databaseUrl: string, schemaPrefix: string): Promise<Reading> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // Statistics are flushed by each backend at most once a second: ask for a fresh snapshot.
      await client.query(`SELECT pg_stat_clear_snapshot()`);
      const { rows } = await client.query<{ name: string; ins: string; upd: string; hot: string; del: string }>(
        `SELECT schemaname || '.' || relname AS name, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_tup_del AS del
           FROM pg_stat_user_tables WHERE schemaname LIKE $1`,
        [`${schemaPrefix}\\_%`],
      );
      return new Map(
        rows.map((row) => [
          row.name.slice(schemaPrefix.length + 1),
          { inserted: Number(row.ins), updated: Number(row.upd), hotUpdated: Number(row.hot), deleted: Number(row.del) },
        ]),
      );
    } finally {
      await client.end();
    }
  }

  /** Rows inserted, updated (of which HOT) and deleted per `per`, by table, busiest first. */
  async rowsPer(per: number): Promise<Cell[][]> {
    const after = await TableWrites.read(this.databaseUrl, this.schemaPrefix);
    const rows: { table: string; writes: number; delta: TableCounters }[] = [];
    for (const [table, now] of after) {
      const was = this.before.get(table) ?? { inserted: 0, updated: 0, hotUpdated: 0, deleted: 0 };
      const delta = {
        inserted: now.inserted - was.inserted,
        updated: now.updated - was.updated,
        hotUpdated: now.hotUpdated - was.hotUpdated,
        deleted: now.deleted - was.deleted,
      };
      const writes = delta.inserted + delta.updated + delta.deleted;
      if (writes > 0) rows.push({ table, writes, delta });
    }
    const each = (value: number) => (value / per).toFixed(2);
    return rows
      .sort((a, b) => b.writes - a.writes)
      .map(({ table, delta }) => [table, each(delta.inserted), each(delta.updated), each(delta.hotUpdated), each(delta.deleted)]);
  }
}
