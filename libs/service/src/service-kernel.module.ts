import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '@zagel/config';
import { databaseReadinessCheck, DatabaseModule } from '@zagel/database';
import { Bus, BusModule, busOptionsFromConfig } from '@zagel/messaging';
import { FlushErrorReportsOnShutdown, HealthModule, LoggingModule, MetricsModule, ReadinessCheck, TracingModule } from '@zagel/observability';
import { REDIS_CLIENT, RedisClient, RedisModule, redisReadinessCheck } from '@zagel/redis';
import { ServicePingController } from './service-ping.controller';
import { ServiceDefinition } from './service-definition';
import { PLATFORM_VERSION, SERVICE_IDENTITY, ServiceIdentity } from './service-identity';
import { SERVICE_SETTINGS } from './settings.token';

function busReadinessCheck(bus: Bus): ReadinessCheck {
  return { name: 'rabbitmq', isUp: () => Promise.resolve(bus.isConnected()) };
}

/**
 * What every Zagel app runs on: validated settings, logging, metrics, health, the bus, Redis and
 * (for services that own data) the database with its outbox relay; then the app's features.
 */
@Module({})
export class ServiceKernelModule {
  static forService<S extends PlatformConfig>(definition: ServiceDefinition<S>, settings: S): DynamicModule {
    const { service, database } = definition;
    const identity: ServiceIdentity = { service, instanceId: settings.INSTANCE_ID, version: PLATFORM_VERSION };
    const databaseImports = database
      ? [DatabaseModule.forService({ service, config: settings, ...database, migrate: settings.MIGRATE_ON_START, outboxPublisher: Bus })]
      : [];
    const healthInject: unknown[] = [Bus, REDIS_CLIENT, ...(database ? [getDataSourceToken()] : [])];

    return {
      module: ServiceKernelModule,
      global: true,
      imports: [
        LoggingModule.forRoot({
          service,
          instanceId: settings.INSTANCE_ID,
          level: settings.LOG_LEVEL,
          format: settings.LOG_FORMAT,
        }),
        MetricsModule.forRoot({ service }),
        TracingModule,
        BusModule.forRoot(busOptionsFromConfig(settings, service)),
        RedisModule.forRoot({ config: settings, name: service }),
        ...databaseImports,
        HealthModule.forRootAsync({
          inject: healthInject as never[],
          useFactory: (bus: Bus, redis: RedisClient, dataSource?: DataSource) => ({
            checks: [
              ...(dataSource ? [databaseReadinessCheck(dataSource)] : []),
              redisReadinessCheck(redis),
              busReadinessCheck(bus),
            ],
          }),
        }),
        ...definition.features,
        ...(definition.featuresFor?.(settings) ?? []),
      ],
      controllers: [ServicePingController],
      providers: [
        { provide: SERVICE_SETTINGS, useValue: settings },
        { provide: definition.settingsClass, useValue: settings },
        { provide: SERVICE_IDENTITY, useValue: identity },
        FlushErrorReportsOnShutdown,
      ],
      exports: [SERVICE_SETTINGS, definition.settingsClass, SERVICE_IDENTITY],
    };
  }
}
