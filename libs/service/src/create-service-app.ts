import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, PlatformConfig } from '@zagel/config';
import { awaitMigrated, createServiceDataSource, runMigrations } from '@zagel/database';
import { connectBusTransport } from '@zagel/messaging';
import { carryCorrelationExplicitly, installRequestContext, NestPinoLogger } from '@zagel/observability';
import { ServiceDefinition } from './service-definition';
import { ServiceKernelModule } from './service-kernel.module';
import { startServiceTracing } from './service-tracing';

export interface RunningService<S extends PlatformConfig = PlatformConfig> {
  app: NestFastifyApplication;
  settings: S;
  /** Where the HTTP server listens (health, metrics, and the public API on the gateway). */
  url: string;
}

/** Reads and validates the service's settings; throws ConfigError naming every bad variable. */
export function loadServiceSettings<S extends PlatformConfig>(
  definition: ServiceDefinition<S>,
  env: NodeJS.ProcessEnv = process.env,
): S {
  return loadConfig(definition.service, definition.settingsClass, env);
}

/** Applies the service's pending migrations to its own schema (under an advisory lock). */
export async function migrateService<S extends PlatformConfig>(definition: ServiceDefinition<S>, settings: S): Promise<number> {
  if (!definition.database) return 0;
  const dataSource = createServiceDataSource({ service: definition.service, config: settings, ...definition.database });
  try {
    return (await runMigrations(dataSource)).length;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

/**
 * Waits until another process (the migrations Job) has applied every migration of the service, polling
 * every `intervalMs`: an init container runs it so a new version's pods start only on a current schema.
 */
export async function awaitServiceMigrations<S extends PlatformConfig>(
  definition: ServiceDefinition<S>,
  settings: S,
  onWait: (pending: string[]) => void,
  intervalMs = 2_000,
): Promise<void> {
  if (!definition.database) return;
  const dataSource = createServiceDataSource({ service: definition.service, config: settings, ...definition.database });
  try {
    await awaitMigrated(dataSource, { intervalMs, onWait });
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

/**
 * Boots one service in this process: the Nest app with its kernel (logging, metrics, health, bus,
 * Redis, and the database, migrated before anything uses it) and its features, listening on
 * `settings.PORT` (0 = any port). The bus is the app's second transport (a hybrid app): its
 * controllers' `@EventPattern` / `@MessagePattern` handlers start consuming once every module is
 * initialised, before HTTP listens. On shutdown (`app.close()`, SIGTERM) consuming stops first and
 * the handlers in flight finish, then the rest closes, the bus connection last (see BusModule).
 */
export async function startService<S extends PlatformConfig>(
  definition: ServiceDefinition<S>,
  settings: S,
  host = '0.0.0.0',
): Promise<RunningService<S>> {
  startServiceTracing(definition.service, settings);
  if (definition.correlation === 'explicit') carryCorrelationExplicitly();
  const trustProxy = settings.TRUSTED_PROXIES?.split(',').map((proxy) => proxy.trim());
  const adapter = new FastifyAdapter({ bodyLimit: 1_048_576, ...(trustProxy ? { trustProxy } : {}) });
  installRequestContext(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(ServiceKernelModule.forService(definition, settings), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(NestPinoLogger));
  app.enableShutdownHooks();
  connectBusTransport(app);
  await definition.configureHttp?.(app, settings);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(settings.PORT, host);
  return { app, settings, url: await listeningUrl(app) };
}

async function listeningUrl(app: INestApplication): Promise<string> {
  const url = await app.getUrl();
  return url.replace('[::1]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
}
