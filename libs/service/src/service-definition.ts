import { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PlatformConfig, ServiceName } from '@zagel/config';
import { EntityList, MigrationList } from '@zagel/database';

export interface ServiceDatabase {
  entities: EntityList;
  migrations: MigrationList;
}

/** Everything that makes one Zagel app: its name, settings, schema and feature modules. */
export interface ServiceDefinition<S extends PlatformConfig = PlatformConfig> {
  service: ServiceName;
  settingsClass: new () => S;
  /** The service's own Postgres schema; absent for the gateways, which keep nothing durable. */
  database?: ServiceDatabase;
  /** Feature modules; they may inject the settings class, Bus, DataSource, the Redis client. */
  features: (Type<unknown> | DynamicModule)[];
  /**
   * Feature modules that exist only under some settings (auth's owner emails without SMTP_URL): a
   * module left out binds no queue, so the service is never handed events it would only drop.
   */
  featuresFor?: (settings: S) => (Type<unknown> | DynamicModule)[];
  /** HTTP set-up beyond the kernel's (the gateway's `/v1` prefix and OpenAPI docs), run before listening. */
  configureHttp?: (app: NestFastifyApplication, settings: S) => void | Promise<void>;
  /**
   * `explicit`: the service passes each request's correlation to its calls itself, and no correlation
   * context is ever entered in its process (see `carryCorrelationExplicitly`). Default `implicit`.
   */
  correlation?: 'implicit' | 'explicit';
  /** Caps V8's heap growth past the live data for the service's process (see `capHeapGrowth`); default V8's own. */
  heapGrowingPercent?: number;
}

export function defineService<S extends PlatformConfig>(definition: ServiceDefinition<S>): ServiceDefinition<S> {
  return definition;
}
