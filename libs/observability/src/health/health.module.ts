import { DynamicModule, FactoryProvider, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HEALTH_OPTIONS, HealthModuleOptions } from './health-options';
import { HealthController } from './health.controller';
import { ReadinessChecks } from './readiness-checks';
import { ReadinessProbe } from './readiness-probe';

export interface HealthModuleAsyncOptions
  extends Pick<ModuleMetadata, 'imports'>,
    Pick<FactoryProvider<HealthModuleOptions>, 'useFactory' | 'inject'> {}

/**
 * `GET /health` (liveness: always 200 while the process runs) and `GET /health/ready` (readiness:
 * every check, in parallel, each within `timeoutMs`; 200 `{status:'ok', info, error, details}`
 * or 503 with the failing checks under `error`). Built on @nestjs/terminus, so readiness also
 * answers 503 `shutting_down` once the app starts closing.
 *
 * Checks come from three places, all merged:
 * - `HealthModule.forRoot({ checks })`: checks built without DI;
 * - `HealthModule.forRootAsync({ imports, inject, useFactory })`: checks built from providers
 *   (the Postgres, Redis and RabbitMQ clients of the other libs);
 * - `ReadinessChecks.add(...)` from any module's `onModuleInit` (the module is global): how the
 *   api-gateway adds its pings of the other services, as `critical: false` checks so they show
 *   in `details` without making the gateway unready.
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    return HealthModule.build({ provide: HEALTH_OPTIONS, useValue: options });
  }

  static forRootAsync(options: HealthModuleAsyncOptions): DynamicModule {
    return HealthModule.build(
      { provide: HEALTH_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
      options.imports,
    );
  }

  private static build(optionsProvider: Provider, imports: ModuleMetadata['imports'] = []): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      // Failing checks are logged by ReadinessProbe when they change, not on every poll.
      imports: [TerminusModule.forRoot({ logger: false }), ...imports],
      controllers: [HealthController],
      providers: [
        optionsProvider,
        {
          provide: ReadinessChecks,
          useFactory: (options: HealthModuleOptions) => new ReadinessChecks(options.checks ?? []),
          inject: [HEALTH_OPTIONS],
        },
        ReadinessProbe,
      ],
      exports: [ReadinessChecks],
    };
  }
}
