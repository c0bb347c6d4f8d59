import { DynamicModule, Inject, Module, Provider } from '@nestjs/common';
import { Bus } from './bus';
import { BusClient } from './bus-client';

export function busClientToken(service: string): string {
  return `zagel.bus-client.${service}`;
}

/** Injects the client for one remote service: `@InjectBusClient('billing') private readonly billing: BusClient`. */
export const InjectBusClient = (service: string) => Inject(busClientToken(service));

/** The clients one `BusClientsModule.register(...)` made, by service: for a facade that picks the service per call. */
export class BusClients {
  constructor(private readonly clients: ReadonlyMap<string, BusClient>) {}

  for(service: string): BusClient {
    const client = this.clients.get(service);
    if (!client) throw new Error(`no bus client for ${service}: add it to BusClientsModule.register(...)`);
    return client;
  }
}

/**
 * One `BusClient` per remote service a feature calls, the way Nest's ClientsModule registers
 * clients: `imports: [BusClientsModule.register('billing')]`, then `@InjectBusClient('billing')`
 * (or `BusClients` when the service is chosen per call). A client only names its service; the
 * process's Bus (global, from BusModule) carries the calls.
 */
@Module({})
export class BusClientsModule {
  static register(...services: string[]): DynamicModule {
    const clients: Provider[] = services.map((service) => ({
      provide: busClientToken(service),
      inject: [Bus],
      useFactory: (bus: Bus) => new BusClient(bus, service),
    }));
    const byService: Provider = {
      provide: BusClients,
      inject: services.map(busClientToken),
      useFactory: (...registered: BusClient[]) => new BusClients(new Map(registered.map((client) => [client.service, client]))),
    };
    return { module: BusClientsModule, providers: [...clients, byService], exports: [...services.map(busClientToken), BusClients] };
  }
}
