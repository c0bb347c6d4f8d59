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
