import { Logger } from '@nestjs/common';
import { ConfigError, PlatformConfig } from '@zagel/config';
import { flushErrorReports, reportError, startErrorReporting } from '@zagel/observability';
import { awaitServiceMigrations, loadServiceSettings, migrateService, startService } from './create-service-app';
import { capHeapGrowth } from './heap-growth';
import { ServiceDefinition } from './service-definition';
import { PLATFORM_VERSION } from './service-identity';

function fail(service: string, error: unknown): never {
  const text = error instanceof ConfigError ? error.message : `${service}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
  process.stderr.write(`${text}\n`);
  process.exit(1);
}

/** Starts the service in this process, telling V8 first what the service asks of it. */
function startProcess<S extends PlatformConfig>(definition: ServiceDefinition<S>, settings: S) {
  if (definition.heapGrowingPercent !== undefined) capHeapGrowth(definition.heapGrowingPercent);
  return startService(definition, settings);
}

/**
 * The `main.ts` of every app. `node main.js` runs the service; `node main.js migrate` applies its
 * migrations and exits; `node main.js await-migrations` waits until someone else has applied them (an
 * init container beside MIGRATE_ON_START=false). A bad setting stops the process with one line naming it.
 */
export function runService<S extends PlatformConfig>(definition: ServiceDefinition<S>, argv = process.argv.slice(2)): void {
  let settings: S;
  try {
    settings = loadServiceSettings(definition);
  } catch (error) {
    fail(definition.service, error);
  }
  if (settings.SENTRY_DSN) {
    startErrorReporting({
      dsn: settings.SENTRY_DSN,
      service: definition.service,
      instanceId: settings.INSTANCE_ID,
      environment: settings.SENTRY_ENVIRONMENT ?? settings.NODE_ENV,
      release: PLATFORM_VERSION,
    });
  }
  const work =
    argv[0] === 'migrate'
      ? migrateService(definition, settings).then((count) => {
          process.stdout.write(`${definition.service}: ${count} migration(s) applied\n`);
        })
      : argv[0] === 'await-migrations'
        ? awaitServiceMigrations(definition, settings, (pending) => {
            process.stdout.write(`${definition.service}: waiting for ${pending.length} migration(s): ${pending.join(', ')}\n`);
          }).then(() => process.stdout.write(`${definition.service}: schema is current\n`))
        : startProcess(definition, settings).then(({ url }) => {
          new Logger(definition.service).log(`${definition.service} listening on ${url}`);
        });
  work.catch(async (error: unknown) => {
    reportError(error, { source: 'process', level: 'fatal' });
    await flushErrorReports();
    fail(definition.service, error);
  });
}
