import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  ModuleMetadata,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { Bus } from './bus';
import { BusOptions } from './bus-options';

export const BUS_OPTIONS = Symbol('BUS_OPTIONS');

export interface BusModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory: (...args: never[]) => BusOptions | Promise<BusOptions>;
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
}

/**
 * Starts consuming once every module has registered its handlers (in `onModuleInit`), stops
 * consuming first on shutdown (while databases are still open, so handlers in flight can finish),
 * and closes the connection last.
 */
@Injectable()
class BusLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  constructor(@Inject(Bus) private readonly bus: Bus) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.bus.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}

function connect(options: BusOptions): Promise<Bus> {
  return Bus.connect({ ...options, logger: options.logger ?? new Logger('Bus') });
}

/** Provides the process's `Bus` to every module. */
@Module({})
export class BusModule {
  static forRoot(options: BusOptions): DynamicModule {
    return {
      module: BusModule,
      global: true,
      providers: [{ provide: Bus, useFactory: () => connect(options) }, BusLifecycle],
      exports: [Bus],
    };
  }

  static forRootAsync(options: BusModuleAsyncOptions): DynamicModule {
    return {
      module: BusModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: BUS_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        { provide: Bus, useFactory: (busOptions: BusOptions) => connect(busOptions), inject: [BUS_OPTIONS] },
        BusLifecycle,
      ],
      exports: [Bus],
    };
  }
}
