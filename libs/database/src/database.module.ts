import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  InjectionToken,
  Logger,
  Module,
  ModuleMetadata,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { PlatformConfig } from '@zagel/config';
import { MessageHistoryPruner } from './message-history-pruner';
import { OutboxPublisher } from './outbox/outbox-publisher';
import { OutboxRelay } from './outbox/outbox-relay';
import { expectMigrated, runMigrations, SchemaBehindError } from './run-migrations';
import { serviceDataSourceOptions, ServiceDatabaseOptions } from './service-data-source';

export interface DatabaseModuleOptions extends ServiceDatabaseOptions {
  /**
   * Run pending migrations (under the schema's advisory lock) before the data source is provided. Default
   * true; false: refuse to start (SchemaBehindError) while a migration is pending, since another process
   * (the migrations Job) owns applying them.
   */
  migrate?: boolean;
  /** Start an OutboxRelay that publishes through the provider with this token (e.g. the messaging lib's `Bus`). */
  outboxPublisher?: InjectionToken;
  /** Modules that export `outboxPublisher`, unless it is global. */
  imports?: ModuleMetadata['imports'];
}

/** Settings of the outbox relay and the inbox pruner, from the platform configuration. */
export function outboxSettings(config: PlatformConfig) {
  return {
    relay: {
      batchSize: config.OUTBOX_BATCH_SIZE,
      sweepIntervalMs: config.OUTBOX_SWEEP_INTERVAL_MS,
      sweepAfterMs: config.OUTBOX_SWEEP_AFTER_MS,
    },
    pruner: { inboxRetentionMs: config.INBOX_RETENTION_MS },
  };
}

/** Starts the relay and the pruner once the app is up; stops them before connections close. */
@Injectable()
class OutboxLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(MessageHistoryPruner) private readonly pruner: MessageHistoryPruner,
    @Optional() @Inject(OutboxRelay) private readonly relay?: OutboxRelay,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.pruner.start();
    await this.relay?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.pruner.stop();
  }
}

/**
 * The service's TypeORM connection to its own schema. Feature modules use
 * `TypeOrmModule.forFeature([...])` and inject repositories and `DataSource` as usual.
 */
@Module({})
export class DatabaseModule {
  static forService(options: DatabaseModuleOptions): DynamicModule {
    const settings = outboxSettings(options.config);
    const relayProvider = options.outboxPublisher
      ? [
          {
            provide: OutboxRelay,
            inject: [DataSource, options.outboxPublisher],
            useFactory: (dataSource: DataSource, publisher: OutboxPublisher) =>
              new OutboxRelay(dataSource, publisher, { ...settings.relay, logger: new Logger('OutboxRelay') }),
          },
        ]
      : [];
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        ...(options.imports ?? []),
        TypeOrmModule.forRootAsync({
          // A schema behind the code stays behind until the migrations Job runs: fail at once, no retries.
          useFactory: () => ({
            ...serviceDataSourceOptions(options),
            autoLoadEntities: true,
            toRetry: (error: unknown) => !(error instanceof SchemaBehindError),
          }),
          dataSourceFactory: (dataSourceOptions?: DataSourceOptions) =>
            open(dataSourceOptions, options.migrate ?? true),
        }),
      ],
      providers: [
        ...relayProvider,
        {
          provide: MessageHistoryPruner,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new MessageHistoryPruner(dataSource, settings.pruner),
        },
        OutboxLifecycle,
      ],
      exports: [...relayProvider.map((provider) => provider.provide), MessageHistoryPruner],
    };
  }
}

async function open(options: DataSourceOptions | undefined, migrate: boolean): Promise<DataSource> {
  if (!options) throw new Error('DatabaseModule: no data source options');
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
    if (migrate) await runMigrations(dataSource);
    else await expectMigrated(dataSource);
    return dataSource;
  } catch (error) {
    // @nestjs/typeorm retries the whole factory: leave no pool behind.
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}
