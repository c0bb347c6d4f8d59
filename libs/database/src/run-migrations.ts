import { DataSource, Migration } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

function schemaOf(dataSource: DataSource): string {
  const schema = (dataSource.options as PostgresConnectionOptions).schema;
  if (!schema) throw new Error('runMigrations needs a data source bound to a schema (createServiceDataSource)');
  return schema;
}

/**
 * Brings the service's schema up to date: creates it if missing and runs pending migrations, one
 * transaction each. Replicas starting together queue on a Postgres advisory lock derived from the
 * schema name, so exactly one of them migrates and the others find nothing left to do.
 * Initializes the data source if needed; returns the migrations that ran.
 */
export async function runMigrations(dataSource: DataSource): Promise<Migration[]> {
  const schema = schemaOf(dataSource);
  if (!dataSource.isInitialized) await dataSource.initialize();
  const lockKey = `zagel:migrations:${schema}`;
  // A session lock lives on one connection: hold that connection until the lock is released.
  const lockHolder = dataSource.createQueryRunner();
  try {
    await lockHolder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
    try {
      // Inside the lock: concurrent CREATE SCHEMA IF NOT EXISTS can still collide.
      await lockHolder.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lockHolder.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]);
    }
  } finally {
    await lockHolder.release();
  }
}

/** The names of the service's migrations its schema has not applied yet (all of them before the first run). */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = schemaOf(dataSource);
  if (!dataSource.isInitialized) await dataSource.initialize();
  const table = `"${schema}"."${dataSource.options.migrationsTableName ?? 'migrations'}"`;
  const [{ present }] = (await dataSource.query('SELECT to_regclass($1) IS NOT NULL AS present', [table])) as { present: boolean }[];
  const applied = new Set(present ? ((await dataSource.query(`SELECT name FROM ${table}`)) as { name: string }[]).map((row) => row.name) : []);
  return dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name).filter((name) => !applied.has(name));
}

/** Thrown at start by a service told not to migrate (MIGRATE_ON_START=false) whose schema is behind its code. */
export class SchemaBehindError extends Error {
  constructor(
    readonly schema: string,
    readonly pending: string[],
  ) {
    super(`schema "${schema}" lacks ${pending.length} migration(s) (${pending.join(', ')}): run \`main.js migrate\` (the migrations Job) first`);
    this.name = 'SchemaBehindError';
  }
}

/** Refuses (SchemaBehindError) when a migration of the service has not been applied. */
export async function expectMigrated(dataSource: DataSource): Promise<void> {
  const pending = await pendingMigrations(dataSource);
  if (pending.length > 0) throw new SchemaBehindError(schemaOf(dataSource), pending);
}

/**
 * Waits until the schema has every migration of the service (applied by someone else: the migrations
 * Job), polling; `onWait` hears what is still missing each time. For an init container that holds a
 * new version's pods back until its schema is ready.
 */
export async function awaitMigrated(
  dataSource: DataSource,
  options: { intervalMs: number; onWait?: (pending: string[]) => void },
): Promise<void> {
  for (;;) {
    const pending = await pendingMigrations(dataSource);
    if (pending.length === 0) return;
    options.onWait?.(pending);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}
