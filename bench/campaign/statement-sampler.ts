import { Client } from 'pg';
import { Cell } from '../common';
import { findPostgresBackends } from '../common/postgres-backends';

/**
 * Where the services' PostgreSQL time goes, by statement: samples `pg_stat_activity` every few
 * milliseconds and counts the statements that the services' backends are running (with what they
 * wait on, if anything). A statistical profile, for a server without pg_stat_statements loaded.
 */
export class StatementSampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private running = true;
  private readonly done: Promise<void>;

  private constructor(
    private readonly client: Client,
    private readonly serviceOf: Map<number, string>,
  ) {
    this.done = this.loop();
  }

  static async start(databaseUrl: string, services: Record<string, number>): Promise<StatementSampler> {
    const { backendsOf } = await findPostgresBackends(databaseUrl, Object.values(services));
    const serviceOf = new Map<number, string>();
    for (const [name, pid] of Object.entries(services)) for (const backend of backendsOf.get(pid) ?? []) serviceOf.set(backend, name);
    const client = new Client({ connectionString: databaseUrl, application_name: 'bench-statement-sampler' });
    await client.connect();
    return new StatementSampler(client, serviceOf);
  }

  private async loop(): Promise<void> {
    const pids = [...this.serviceOf.keys()];
    while (this.running) {
      const { rows } = await this.client.query<{ pid: number; wait: string | null; query: string }>(
        `SELECT pid, wait_event_type || ':' || wait_event AS wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 120) AS query
           FROM pg_stat_activity WHERE state = 'active' AND pid = ANY($1::int[])`,
        [pids],
      );
      this.samples += 1;
      for (const row of rows) {
        const key = `${this.serviceOf.get(row.pid)}\u0000${row.wait ?? 'running'}\u0000${row.query}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /** The busiest statements: share of all active samples, by service, wait and statement. */
  async stop(top = 25): Promise<Cell[][]> {
    this.running = false;
    await this.done;
    await this.client.end();
    const total = [...this.counts.values()].reduce((sum, count) => sum + count, 0);
    return [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, count]) => [`${((100 * count) / Math.max(1, total)).toFixed(1)}%`, ...key.split('\u0000')]);
  }
}
