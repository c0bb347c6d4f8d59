import { Contract, MessageMetadata } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { until } from '../waiting/until';

export interface BusProbeOptions {
  /** Its name on the bus: an observer of its own (`billing-test`), or the service it plays (`device-gateway`). */
  service: string;
  /** For a probe that plays one instance of a service (its per-instance command queue). */
  instanceId?: string;
  /** Events it records, each bound to its own queue. */
  hears?: readonly Contract[];
  /** Registers what it does on the bus (commands it takes, RPCs it answers) before it starts consuming. */
  plays?: (bus: Bus) => void;
}

export interface HeardEvent<P> {
  payload: P;
  metadata: MessageMetadata;
}

export interface WaitForEventOptions {
  /** Only events heard after the first `from` of the kind. */
  from?: number;
  deadline?: number;
}

/**
 * A test's own client on the platform's bus: it records the events it hears, calls RPCs, publishes
 * and sends like any service, and can play a service that is not running (a fake device-gateway).
 */
export class BusProbe {
  private readonly events = new Map<string, HeardEvent<unknown>[]>();

  private constructor(readonly bus: Bus) {}

  static async connect(bus: Bus, options: BusProbeOptions): Promise<BusProbe> {
    const probe = new BusProbe(bus);
    for (const contract of options.hears ?? []) {
      probe.events.set(contract.type, []);
      bus.onEvent(contract, (payload, { metadata }) => {
        probe.events.get(contract.type)!.push({ payload, metadata });
      });
    }
    options.plays?.(bus);
    await bus.start();
    return probe;
  }

  /** Payloads of every event of the kind heard so far, in arrival order. */
  heard<P extends object>(contract: Contract<P>): P[] {
    return this.heardWithMetadata(contract).map((event) => event.payload);
  }

  heardWithMetadata<P extends object>(contract: Contract<P>): HeardEvent<P>[] {
    const heard = this.events.get(contract.type);
    if (!heard) throw new Error(`the ${this.bus.service} probe does not listen to ${contract.type}`);
    return heard as HeardEvent<P>[];
  }

  /** The first event of the kind that matches (heard already, or when it comes). */
  waitFor<P extends object>(contract: Contract<P>, match: (payload: P) => boolean = () => true, options: WaitForEventOptions = {}): Promise<P> {
    return until(() => this.heard(contract).slice(options.from ?? 0).find(match), {
      what: `a matching ${contract.type} on the ${this.bus.service} probe`,
      deadline: options.deadline,
    });
  }

  get rpc(): Bus['rpc'] {
    return this.bus.rpc;
  }

  publish<P extends object>(contract: Contract<P>, payload: P, options?: Parameters<Bus['publish']>[2]): Promise<MessageMetadata> {
    return this.bus.publish(contract, payload, options);
  }

  send<P extends object>(contract: Contract<P>, target: Parameters<Bus['send']>[1], payload: P, options?: Parameters<Bus['send']>[3]): Promise<MessageMetadata> {
    return this.bus.send(contract, target, payload, options);
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}
