import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { Contract, findContract, RpcContract } from '@zagel/contracts';
import { Bus } from './bus';
import { BusContext } from './bus-context';
import { kindOf, readHandlerOptions } from './bus-handler-options';
import { HandlerContext } from './handler-registry';
import { DEFAULT_EVENT_LANE } from './topology';

/** Identifies the bus among Nest transports (`@EventPattern(type, extras, BUS_TRANSPORT)` if an app ever has two). */
export const BUS_TRANSPORT = Symbol('zagel.bus');

export type BusTransportStatus = 'consuming' | 'stopped';

/**
 * The bus as a Nest transport. Controllers declare handlers with `@EventPattern(Contract.type, extras)`
 * (events and commands) and `@MessagePattern(Contract.type)` (RPCs); each pattern is resolved to its
 * contract and registered on the process's `Bus`, which keeps every guarantee of its own: payloads
 * validated against the contract (an invalid one is dead-lettered or answered `invalid_request`
 * before the handler runs), manual ack once the handler has resolved, retries through the retry
 * queues, dead letters, typed RPC errors. Nest's pipes, guards and interceptors run around the
 * handler as for any controller; the handler's error must reach the bus as thrown, which is what
 * `connectBusTransport` installs `PassBusErrorsThrough` for.
 *
 * `listen` starts consuming; `close` stops consuming and waits for the handlers in progress. The
 * connection itself belongs to `BusModule` and closes last, with the app.
 */
export class BusTransport extends Server<Record<string, never>, BusTransportStatus> implements CustomTransportStrategy {
  override transportId = BUS_TRANSPORT;

  constructor(private readonly bus: Bus) {
    super();
  }

  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    const contract = this.contractOf(pattern, isEventHandler);
    const options = readHandlerOptions(contract, extras);
    const handle = (payload: object, context: HandlerContext) => this.run(callback, payload, context);
    const handleMessage = async (payload: object, context: HandlerContext) => {
      await handle(payload, context);
    };
    if (contract.kind === 'event') this.bus.onEvent(contract, handleMessage, options);
    else if (contract.kind === 'command') this.bus.onCommand(contract, handleMessage, options);
    else this.bus.rpc.handle(contract as RpcContract, handle as (payload: object, context: HandlerContext) => Promise<object>);
    // Listed for Nest under a key of its own: under a key already taken, Nest chains an event handler
    // behind the first one, and every delivery of that handler's queue would run both.
    super.addHandler(contract.kind === 'event' ? `${contract.type} (lane ${options.lane ?? DEFAULT_EVENT_LANE})` : contract.type, callback, isEventHandler, extras);
  }

  listen(callback: (error?: unknown) => void): void {
    this.bus.start().then(
      () => {
        this._status$.next('consuming');
        callback();
      },
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await this.bus.stop();
    this._status$.next('stopped');
  }

  on(): never {
    throw new Error('the bus transport emits no events: its connection is reported by the readiness check');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  /**
   * Calls the handler Nest built (pipes, guards, interceptors, filters around the method) and settles
   * with what it produced: an interceptor or a filter may turn the result into an Observable.
   */
  private async run(handler: MessageHandler, payload: object, context: HandlerContext): Promise<unknown> {
    const outcome: unknown = await handler(payload, new BusContext(context));
    return lastValueFrom(this.transformToObservable(outcome), { defaultValue: undefined });
  }

  private contractOf(pattern: unknown, isEventHandler: boolean): Contract {
    if (typeof pattern !== 'string') {
      throw new Error(`bus handlers are declared by contract type, e.g. @EventPattern(MessageRequested.type); got ${JSON.stringify(pattern)}`);
    }
    const contract = findContract(pattern);
    if (!contract) throw new Error(`no contract is defined for "${pattern}" (see libs/contracts)`);
    if (isEventHandler && contract.kind === 'rpc') {
      throw new Error(`${pattern} is an RPC: declare its handler with @MessagePattern, which answers the caller`);
    }
    if (!isEventHandler && contract.kind !== 'rpc') {
      throw new Error(`${pattern} is ${kindOf(contract)}, not an RPC: declare its handler with @EventPattern (nobody waits for a reply)`);
    }
    return contract;
  }
}
