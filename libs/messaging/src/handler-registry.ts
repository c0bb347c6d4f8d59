import { Contract, MessageMetadata, RpcContract } from '@zagel/contracts';
import { DEFAULT_EVENT_LANE, QueueRole } from './topology';

/** What a handler knows about the delivery besides the payload. */
export interface HandlerContext {
  metadata: MessageMetadata;
  /** 1 on the first delivery, +1 for every retry this lib scheduled. */
  attempt: number;
  /** The broker delivered it before without an ack (a consumer died or its channel closed). */
  redelivered: boolean;
}

export type MessageHandler<P> = (payload: P, context: HandlerContext) => Promise<void> | void;

export type RpcHandler<Req, Res> = (request: Req, context: HandlerContext) => Promise<Res> | Res;

export interface EventHandlerOptions {
  /**
   * The queue lane: events of a lane share one queue `<service>.<lane>` with its own consumer and
   * prefetch, so bulk traffic on one lane never delays another (default `events`).
   */
  lane?: string;
}

export interface CommandHandlerOptions {
  /** Consume from this instance's own queue (`<service>.<instanceId>`) instead of the service queue. */
  perInstance?: boolean;
}

export interface Route {
  contract: Contract;
  /** A MessageHandler or an RpcHandler, by the queue the route belongs to. */
  handler: (payload: never, context: HandlerContext) => unknown;
}

const LANE_PATTERN = /^[a-z][a-z0-9-]*$/;

/** Which handler runs for which message type, per queue. Filled before the bus starts. */
export class HandlerRegistry {
  readonly lanes = new Map<string, Map<string, Route>>();
  readonly commands = new Map<string, Route>();
  readonly instanceCommands = new Map<string, Route>();
  readonly rpc = new Map<string, Route>();
  private readonly types = new Set<string>();

  addEvent(contract: Contract, handler: MessageHandler<never>, options: EventHandlerOptions = {}): void {
    expectKind(contract, 'event');
    const lane = options.lane ?? DEFAULT_EVENT_LANE;
    if (!LANE_PATTERN.test(lane) || ['commands', 'rpc', 'dead'].includes(lane)) {
      throw new Error(`invalid event lane "${lane}"`);
    }
    const routes = this.lanes.get(lane) ?? new Map<string, Route>();
    this.lanes.set(lane, routes);
    this.add(routes, contract, handler);
  }

  addCommand(contract: Contract, handler: MessageHandler<never>, options: CommandHandlerOptions = {}): void {
    expectKind(contract, 'command');
    this.add(options.perInstance ? this.instanceCommands : this.commands, contract, handler);
  }

  addRpc(contract: RpcContract, handler: RpcHandler<never, unknown>): void {
    expectKind(contract, 'rpc');
    this.add(this.rpc, contract, handler);
  }

  /** The handlers that serve one consumed queue. */
  routesFor(role: QueueRole, lane = DEFAULT_EVENT_LANE): Map<string, Route> {
    if (role === 'events') return this.lanes.get(lane) ?? new Map();
    if (role === 'commands') return this.commands;
    if (role === 'instance') return this.instanceCommands;
    return this.rpc;
  }

  private add(routes: Map<string, Route>, contract: Contract, handler: Route['handler']): void {
    if (this.types.has(contract.type)) throw new Error(`a handler for ${contract.type} is already registered`);
    this.types.add(contract.type);
    routes.set(contract.type, { contract, handler });
  }
}

function expectKind(contract: Contract, kind: Contract['kind']): void {
  if (contract.kind !== kind) throw new TypeError(`${contract.type} is a ${contract.kind}, not a ${kind}`);
}
