import { bindingProblem, bindingsOverlap, Contract, everyKeyOf, MessageMetadata, RpcContract } from '@zagel/contracts';
import { DEFAULT_EVENT_LANE, QueueRole } from './topology';

/** What a handler knows about the delivery besides the payload. */
export interface HandlerContext {
  metadata: MessageMetadata;
  /** 1 on the first delivery, +1 for every retry this lib scheduled. */
  attempt: number;
  /** The broker delivered it before without an ack (a consumer died or its channel closed). */
  redelivered: boolean;
  /** The queue it came from. */
  queue: string;
  /** The key it was published under (`message.status.sent.otp`; the type for contracts without routing fields). */
  routingKey: string;
}

export type MessageHandler<P> = (payload: P, context: HandlerContext) => Promise<void> | void;

export type RpcHandler<Req, Res> = (request: Req, context: HandlerContext) => Promise<Res> | Res;

export interface EventHandlerOptions {
  /**
   * The queue lane: events of a lane share one queue `<service>.<lane>` with its own consumer and
   * prefetch, so bulk traffic on one lane never delays another (default `events`).
   */
  lane?: string;
  /**
   * The routing keys this handler's queue binds, for a contract whose key carries payload fields
   * (`['message.status.*.otp']`): the consumer receives only what it acts on. Default: every key.
   */
  bindings?: readonly string[];
}

export interface CommandHandlerOptions {
  /** Consume from this instance's own queue (`<service>.<instanceId>`) instead of the service queue. */
  perInstance?: boolean;
}

export interface Route {
  contract: Contract;
  /** A MessageHandler or an RpcHandler, by the queue the route belongs to. */
  handler: (payload: never, context: HandlerContext) => unknown;
  /** Events: the routing keys bound for it. */
  bindings: readonly string[];
}

const LANE_PATTERN = /^[a-z][a-z0-9-]*$/;

/** The lane of a command or RPC queue that has none: the service's `commands` / `rpc` queue. */
export const DEFAULT_QUEUE_LANE = '';

/**
 * Which handler runs for which message type, per queue. Filled before the bus starts. An event
 * type may have one handler per lane, on bindings that do not overlap (the dispatcher takes
 * `message.requested.live.*` on its live queue and `message.requested.bulk.*` on its bulk one).
 */
export class HandlerRegistry {
  readonly lanes = new Map<string, Map<string, Route>>();
  /** Command queues by lane (`DEFAULT_QUEUE_LANE`: the service's `commands` queue); the lane is the contract's. */
  readonly commands = new Map<string, Map<string, Route>>();
  readonly instanceCommands = new Map<string, Route>();
  /** RPC queues by lane, as for commands. */
  readonly rpc = new Map<string, Map<string, Route>>();
  private readonly types = new Set<string>();

  addEvent(contract: Contract, handler: MessageHandler<never>, options: EventHandlerOptions = {}): void {
    expectKind(contract, 'event');
    const lane = options.lane ?? DEFAULT_EVENT_LANE;
    if (!LANE_PATTERN.test(lane) || ['commands', 'rpc', 'dead'].includes(lane)) {
      throw new Error(`invalid event lane "${lane}"`);
    }
    const bindings = [...new Set(options.bindings ?? [everyKeyOf(contract)])];
    const problem = bindings.map((binding) => bindingProblem(contract, binding)).find((found) => found !== undefined);
    if (problem) throw new Error(`${contract.type} handler: ${problem}`);
    for (const [other, routes] of this.lanes) {
      const clash = routes.get(contract.type)?.bindings.find((bound) => bindings.some((binding) => bindingsOverlap(bound, binding)));
      if (other === lane && routes.has(contract.type)) throw new Error(`a handler for ${contract.type} is already registered on lane ${lane}`);
      if (clash) throw new Error(`${contract.type}: bindings on lanes ${other} and ${lane} overlap (${clash}): a message would be handled twice`);
    }
    this.routes(this.lanes, lane).set(contract.type, { contract, handler, bindings });
  }

  addCommand(contract: Contract, handler: MessageHandler<never>, options: CommandHandlerOptions = {}): void {
    expectKind(contract, 'command');
    if (options.perInstance && contract.lane) throw new Error(`${contract.type} belongs to lane ${contract.lane}: it cannot be per instance`);
    this.add(options.perInstance ? this.instanceCommands : this.routes(this.commands, contract.lane ?? DEFAULT_QUEUE_LANE), contract, handler);
  }

  addRpc(contract: RpcContract, handler: RpcHandler<never, unknown>): void {
    expectKind(contract, 'rpc');
    this.add(this.routes(this.rpc, contract.lane ?? DEFAULT_QUEUE_LANE), contract, handler);
  }

  /** The handlers that serve one consumed queue. */
  routesFor(role: QueueRole, lane?: string): Map<string, Route> {
    if (role === 'events') return this.lanes.get(lane ?? DEFAULT_EVENT_LANE) ?? new Map();
    if (role === 'instance') return this.instanceCommands;
    return (role === 'commands' ? this.commands : this.rpc).get(lane ?? DEFAULT_QUEUE_LANE) ?? new Map();
  }

  private routes(byLane: Map<string, Map<string, Route>>, lane: string): Map<string, Route> {
    const routes = byLane.get(lane) ?? new Map<string, Route>();
    byLane.set(lane, routes);
    return routes;
  }

  private add(routes: Map<string, Route>, contract: Contract, handler: Route['handler']): void {
    if (this.types.has(contract.type)) throw new Error(`a handler for ${contract.type} is already registered`);
    this.types.add(contract.type);
    routes.set(contract.type, { contract, handler, bindings: [] });
  }
}

function expectKind(contract: Contract, kind: Contract['kind']): void {
  if (contract.kind !== kind) throw new TypeError(`${contract.type} is a ${contract.kind}, not a ${kind}`);
}
