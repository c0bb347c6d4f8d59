import { Pool, PoolClient } from 'pg';

/** Direct SQL on one service's schema (its tables unqualified), for assertions a test cannot make through an API. */
export class ServiceDatabase {
  private readonly pool: Pool;

  constructor(
    url: string,
    /** The schema, e.g. `t1abc_pool_dispatcher`. */
    readonly schema: string,
  ) {
    this.pool = new Pool({ connectionString: url, max: 2, options: `-c search_path=${schema}` });
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  /** The first row, or undefined. */
  async one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.query<T>(sql, params))[0];
  }

  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
