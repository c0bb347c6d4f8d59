import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { Contract, findContract, MessageMetadata, RpcContract } from '@zagel/contracts';
import { Bus } from './bus';
import { kindOf } from './bus-handler-options';
import { RpcCallOptions } from './rpc-client';

/** A request with per-call options (deadline, tenant, correlation), as `call` hands it to `send`. */
class RpcCallWithOptions {
  constructor(
    readonly payload: object,
    readonly options: RpcCallOptions,
  ) {}
}

/**
 * One remote service, seen through Nest's ClientProxy: `send(type, request)` is an RPC to that
 * service (its reply, or RpcRemoteError / RpcTimeoutError / RpcUnavailableError), `emit(type, payload)`
 * publishes an event or sends a command to that service, confirmed by the broker. `call(contract,
 * request, options)` is `send` typed by the contract, with a deadline, tenant and correlation.
 *
 * The client borrows the process's `Bus` (BusModule owns and closes it), so `connect` and `close`
 * open and close nothing.
 */
export class BusClient extends ClientProxy {
  constructor(
    private readonly bus: Bus,
    /** The service this client talks to. */
    readonly service: string,
  ) {
    super();
  }

  call<Req extends object, Res extends object>(
    contract: RpcContract<Req, Res>,
    payload: Req,
    options: RpcCallOptions = {},
  ): Promise<Res> {
    return lastValueFrom(this.send<Res, RpcCallWithOptions>(contract.type, new RpcCallWithOptions(payload, options)));
  }

  connect(): Promise<Bus> {
    return Promise.resolve(this.bus);
  }

  close(): void {
    // Nothing of its own to close: the bus closes with the app.
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const contract = this.contractOf(packet.pattern, ['rpc']) as RpcContract;
    const { payload, options } =
      packet.data instanceof RpcCallWithOptions ? packet.data : { payload: packet.data as object, options: {} };
    let unsubscribed = false;
    this.bus.rpc.call(contract, this.service, payload, options).then(
      (response) => {
        if (!unsubscribed) callback({ response, isDisposed: true });
      },
      (err: unknown) => {
        if (!unsubscribed) callback({ err });
      },
    );
    return () => {
      unsubscribed = true;
    };
  }

  protected dispatchEvent<T = MessageMetadata>(packet: ReadPacket): Promise<T> {
    const contract = this.contractOf(packet.pattern, ['event', 'command']);
    const payload = packet.data as object;
    const published =
      contract.kind === 'event'
        ? this.bus.publish(contract, payload)
        : this.bus.send(contract, { service: this.service }, payload);
    return published as Promise<T>;
  }

  private contractOf(pattern: unknown, kinds: Contract['kind'][]): Contract {
    const contract = typeof pattern === 'string' ? findContract(pattern) : undefined;
    if (!contract) throw new Error(`no contract is defined for ${JSON.stringify(pattern)}`);
    if (!kinds.includes(contract.kind)) {
      const use = contract.kind === 'rpc' ? 'send (or call)' : 'emit';
      throw new Error(`${contract.type} is ${kindOf(contract)}: use ${use}`);
    }
    return contract;
  }
}
