import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { Namespace, PlatformConfig } from '@zagel/config';
import { RoundTripCountingClient } from './round-trip-counter';

export type EntityList = NonNullable<PostgresConnectionOptions['entities']>;
export type MigrationList = NonNullable<PostgresConnectionOptions['migrations']>;

export interface ServiceDatabaseOptions {
  /** The service that owns the schema, e.g. `billing` (schema `billing`, or `t42_billing` in a namespace). */
  service: string;
  config: PlatformConfig;
  entities: EntityList;
  /** Oldest first; start with `platformMigrations` (outbox and inbox). */
  migrations: MigrationList;
}

const SAFE_SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

export function serviceSchema(service: string, config: PlatformConfig): string {
  const schema = new Namespace(config.ZAGEL_NAMESPACE).schema(service);
  if (!SAFE_SCHEMA.test(schema)) throw new Error(`"${schema}" is not a usable schema name`);
  return schema;
}

/**
 * TypeORM options for one service's schema. Every pooled connection starts with `search_path`
 * set to that schema alone, so migrations and raw SQL use unqualified names and can never touch
 * another service's tables. The schema is only ever changed by migrations (`synchronize: false`).
 */
export function serviceDataSourceOptions(options: ServiceDatabaseOptions): PostgresConnectionOptions {
  const { service, config } = options;
  const schema = serviceSchema(service, config);
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // Extensions belong to the operator; gen_random_uuid() is built in since Postgres 13.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    poolSize: config.DATABASE_POOL_SIZE,
    // Unique per data source: the outbox trigger sends it with its notification, so a relay can
    // tell its own process's commits (already woken in-process) from other instances'.
    applicationName: `zagel-${service}-${randomBytes(4).toString('hex')}`,
    // pg-pool builds each connection with this Client: it counts round trips (zagel_db_round_trips_total).
    extra: { options: `-c search_path=${schema}`, Client: RoundTripCountingClient },
  };
}

/** A data source bound to the service's own schema; call `initialize()` (then `runMigrations`) before use. */
export function createServiceDataSource(options: ServiceDatabaseOptions): DataSource {
  return new DataSource(serviceDataSourceOptions(options));
}
