import { DynamicModule, Inject, Module, Provider } from '@nestjs/common';
import { Bus } from './bus';
import { BusClient } from './bus-client';

export function busClientToken(service: string): string {
  return `zagel.bus-client.${service}`;
}

/** Injects the client for one remote service: `@InjectBusClient('billing') private readonly billing: BusClient`. */
export const InjectBusClient = (service: string) => Inject(busClientToken(service));

/**
 * One `BusClient` per remote service a feature calls, the way Nest's ClientsModule registers
 * clients: `imports: [BusClientsModule.register('billing')]`. A client only names its service; the
 * process's Bus (global, from BusModule) carries the calls.
 */
@Module({})
export class BusClientsModule {
  static register(...services: string[]): DynamicModule {
    const providers: Provider[] = services.map((service) => ({
      provide: busClientToken(service),
      inject: [Bus],
      useFactory: (bus: Bus) => new BusClient(bus, service),
    }));
    return { module: BusClientsModule, providers, exports: services.map(busClientToken) };
  }
}
