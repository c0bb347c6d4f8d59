import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  ModuleMetadata,
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
 * Consuming starts with the bus transport (`connectBusTransport`, then `startAllMicroservices`).
 * On shutdown consuming stops first, in the first shutdown phase, while databases and Redis are
 * still open so handlers in flight can finish (Nest closes the transport only later, after
 * `beforeApplicationShutdown`); the connection closes last.
 */
@Injectable()
class BusLifecycle implements OnModuleDestroy, OnApplicationShutdown {
  constructor(@Inject(Bus) private readonly bus: Bus) {}

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
