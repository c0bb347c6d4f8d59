import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { Namespace } from '@zagel/config';
import { Contract, MessageMetadata, RpcContract } from '@zagel/contracts';
import { openBusConnection, withTemporaryChannel } from './bus-connection';
import { BusLogger, silentBusLogger } from './bus-logger';
import { BusOptions, ResolvedBusOptions, resolveBusOptions } from './bus-options';
import { BusPublisher, PublishManyOptions, PublishReport } from './bus-publisher';
import { ConfirmPublisher } from './confirm-publisher';
import { declareExchanges, declareTopology } from './declare-topology';
import { DELAY_QUEUE_GRACE_MS, delayQueueSpec, roundDelay } from './delay-queues';
import {
  CommandHandlerOptions,
  DEFAULT_QUEUE_LANE,
  EventHandlerOptions,
  HandlerRegistry,
  MessageHandler,
  RpcHandler,
} from './handler-registry';
import { OutgoingMessage } from './outgoing-message';
import { CommandTarget, prepareCommand, PublishOptions } from './prepare-message';
import { QueueConsumer } from './queue-consumer';
import { RpcCallOptions, RpcClient } from './rpc-client';
import { RpcServerDispatcher } from './rpc-server-dispatcher';
import { busExchanges, exchangeSpecs, ServiceTopology, serviceTopology } from './topology';
import { WorkQueueDispatcher } from './work-queue-dispatcher';

/** Request/reply: `call` on the client side, `handle` on the server side. */
export interface BusRpc {
  call<Req extends object, Res extends object>(
    contract: RpcContract<Req, Res>,
    service: string,
    payload: Req,
    options?: RpcCallOptions,
  ): Promise<Res>;
  handle<Req extends object, Res extends object>(contract: RpcContract<Req, Res>, handler: RpcHandler<Req, Res>): void;
}

type BusState = 'registering' | 'started' | 'stopped' | 'closed';

const SERVICE_PATTERN = /^[a-z][a-z0-9-]*$/;

/**
 * A service's connection to the bus: publishes (with confirms), consumes its queues, calls and
 * answers RPCs. One per process. Register handlers, then `start()`; `close()` on shutdown.
 */
export class Bus {
  readonly rpc: BusRpc;
  private readonly registry = new HandlerRegistry();
  private readonly confirms: ConfirmPublisher;
  private readonly publisher: BusPublisher;
  private readonly rpcClient: RpcClient;
  private readonly logger: BusLogger;
  private consumers: QueueConsumer[] = [];
  /** Opened by start(), only if there is something to consume. */
  private consuming?: AmqpConnectionManager;
  private state: BusState = 'registering';
  /** When each delay queue was last declared (a declare keeps it from expiring). */
  private readonly delayQueuesDeclaredAt = new Map<string, number>();

  /** Connects (failing after `connectTimeoutMs`) and opens the publishing channel. */
  static async connect(options: BusOptions): Promise<Bus> {
    if (!SERVICE_PATTERN.test(options.service)) throw new Error(`invalid service name "${options.service}"`);
    const resolved = resolveBusOptions(options, options.logger ?? silentBusLogger);
    const bus = new Bus(await openBusConnection(resolved, 'publish'), resolved);
    if (!(await bus.confirms.ready(resolved.connectTimeoutMs))) {
      await bus.close();
      throw new Error(`${resolved.service}: the bus publishing channel did not open`);
    }
    return bus;
  }

  private constructor(
    private readonly manager: AmqpConnectionManager,
    private readonly options: ResolvedBusOptions,
  ) {
    this.logger = options.logger;
    this.confirms = new ConfirmPublisher(manager, {
      name: `${options.service}.publish`,
      maxInFlight: options.maxUnconfirmed,
      logger: this.logger,
      setup: (channel) => declareExchanges(channel, { exchanges: exchangeSpecs(options.namespace) }),
    });
    this.publisher = new BusPublisher(this.confirms, busExchanges(options.namespace), options.service);
    this.rpcClient = new RpcClient(manager, {
      namespace: options.namespace,
      service: options.service,
      defaultTimeoutMs: options.rpcTimeoutMs,
      logger: this.logger,
    });
    this.rpc = {
      call: (contract, service, payload, callOptions) => this.rpcClient.call(contract, service, payload, callOptions),
      handle: (contract, handler) => {
        this.expectRegistering();
        this.registry.addRpc(contract, handler as RpcHandler<never, unknown>);
      },
    };
  }

  get service(): string {
    return this.options.service;
  }

  get instanceId(): string {
    return this.options.instanceId;
  }

  get namespace(): Namespace {
    return this.options.namespace;
  }

  publish<P extends object>(contract: Contract<P>, payload: P, options?: PublishOptions): Promise<MessageMetadata> {
    return this.publisher.publish(contract, payload, options);
  }

  send<P extends object>(
    contract: Contract<P>,
    target: CommandTarget,
    payload: P,
    options?: PublishOptions,
  ): Promise<MessageMetadata> {
    return this.publisher.send(contract, target, payload, options);
  }

  /**
   * Sends a command that reaches its target after about `delayMs` (rounded up, see roundDelay): it waits
   * in a delay queue whose dead letters go to the commands exchange. Resolves once the broker holds it.
   * Unlike `send`, a target with no queue is not detected (the command is dropped when the delay ends).
   */
  async sendDelayed<P extends object>(
    contract: Contract<P>,
    target: CommandTarget,
    payload: P,
    delayMs: number,
    options?: PublishOptions,
  ): Promise<MessageMetadata> {
    const message = prepareCommand(contract, target, payload, options);
    const queue = delayQueueSpec(this.options.namespace, target, roundDelay(delayMs), contract.lane, this.options.quorumQueues);
    const declaredAt = this.delayQueuesDeclaredAt.get(queue.name) ?? 0;
    if (Date.now() - declaredAt > DELAY_QUEUE_GRACE_MS / 2) {
      await withTemporaryChannel(this.manager, (channel) =>
        channel.assertQueue(queue.name, { durable: true, arguments: queue.arguments }),
      );
      this.delayQueuesDeclaredAt.set(queue.name, Date.now());
    }
    await this.publisher.publishToQueue(message, queue.name);
    return message.metadata;
  }

  publishMany<P extends object>(
    contract: Contract<P>,
    payloads: readonly P[],
    options?: PublishManyOptions,
  ): Promise<MessageMetadata[]> {
    return this.publisher.publishMany(contract, payloads, options);
  }

  publishOutgoing(messages: readonly OutgoingMessage[]): Promise<PublishReport> {
    return this.publisher.publishOutgoing(messages);
  }

  onEvent<P extends object>(contract: Contract<P>, handler: MessageHandler<P>, options?: EventHandlerOptions): this {
    this.expectRegistering();
    this.registry.addEvent(contract, handler as MessageHandler<never>, options);
    return this;
  }

  onCommand<P extends object>(
    contract: Contract<P>,
    handler: MessageHandler<P>,
    options?: CommandHandlerOptions,
  ): this {
    this.expectRegistering();
    this.registry.addCommand(contract, handler as MessageHandler<never>, options);
    return this;
  }

  /** What this bus declares for the handlers registered so far. */
  topology(): ServiceTopology {
    const { namespace, service, instanceId, retryDelaysMs, queueExpiresMs, instanceQueueExpiresMs, lanes, quorumQueues } = this.options;
    const events = new Map(
      [...this.registry.lanes].map(([lane, routes]) => [lane, [...routes.values()].flatMap((route) => route.bindings)]),
    );
    const laned = (byLane: Map<string, Map<string, unknown>>) =>
      [...byLane].filter(([lane, routes]) => lane !== DEFAULT_QUEUE_LANE && routes.size > 0).map(([lane]) => lane);
    const laneMaxLength = new Map(
      Object.entries(lanes).flatMap(([lane, settings]) => (settings.maxLength === undefined ? [] : [[lane, settings.maxLength]])),
    );
    return serviceTopology({
      namespace,
      service,
      instanceId,
      retryDelaysMs,
      queueExpiresMs,
      instanceQueueExpiresMs,
      quorum: quorumQueues,
      laneMaxLength,
      consume: {
        events,
        commands: (this.registry.commands.get(DEFAULT_QUEUE_LANE)?.size ?? 0) > 0,
        commandLanes: laned(this.registry.commands),
        instanceCommands: this.registry.instanceCommands.size > 0,
        rpc: (this.registry.rpc.get(DEFAULT_QUEUE_LANE)?.size ?? 0) > 0,
        rpcLanes: laned(this.registry.rpc),
      },
    });
  }

  /** Declares the topology and starts consuming; resolves once every queue is consumed. */
  async start(): Promise<void> {
    if (this.state !== 'registering') throw new Error(`${this.options.service}: start() called on a ${this.state} bus`);
    this.state = 'started';
    const topology = this.topology();
    if (topology.consumed.length === 0) return;
    const consuming = await openBusConnection(this.options, 'consume');
    this.consuming = consuming;
    this.consumers = topology.consumed.map(
      (queue) =>
        new QueueConsumer(consuming, {
          queue,
          topology,
          prefetch: (queue.lane !== undefined && this.options.lanes[queue.lane]?.prefetch) || this.options.prefetch,
          logger: this.logger,
          dispatch: this.dispatcherFor(queue.role, queue.lane),
        }),
    );
    const ready = await Promise.all(this.consumers.map((consumer) => consumer.ready(this.options.connectTimeoutMs)));
    if (ready.includes(false)) {
      throw new Error(`${this.options.service}: consumers not ready within ${this.options.connectTimeoutMs} ms`);
    }
  }

  /** Declares this service's exchanges, queues and bindings without consuming (`start()` declares them too). */
  async declareTopology(): Promise<void> {
    const topology = this.topology();
    await withTemporaryChannel(this.manager, (channel) => declareTopology(channel, topology));
  }

  /** Messages ready in a queue and its consumer count; undefined if there is no such queue. For drain waits. */
  async inspectQueue(queue: string): Promise<{ messages: number; consumers: number } | undefined> {
    return withTemporaryChannel(this.manager, async (channel) => {
      const reply = await channel.checkQueue(queue).catch((error: { code?: number }) => {
        if (error.code === 404) return undefined;
        throw error;
      });
      return reply && { messages: reply.messageCount, consumers: reply.consumerCount };
    });
  }

  /**
   * Messages ready and consumers of each queue that exists (absent ones are left out of the answer). A
   * passive declare of a missing queue closes its channel, so the checks go on in a fresh one.
   */
  async inspectQueues(queues: readonly string[]): Promise<Map<string, { messages: number; consumers: number }>> {
    const found = new Map<string, { messages: number; consumers: number }>();
    let next = 0;
    while (next < queues.length) {
      await withTemporaryChannel(this.manager, async (channel) => {
        while (next < queues.length) {
          const queue = queues[next];
          next += 1;
          const reply = await channel.checkQueue(queue).catch((error: { code?: number }) => {
            if (error.code === 404) return undefined;
            throw error;
          });
          if (!reply) return;
          found.set(queue, { messages: reply.messageCount, consumers: reply.consumerCount });
        }
      });
    }
    return found;
  }

  /** Stops consuming and waits for the handlers in progress; publishing still works. */
  async stop(): Promise<void> {
    if (this.state !== 'started') return;
    this.state = 'stopped';
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  /** Stops, waits (up to closeGraceMs) for unconfirmed publishes, and closes the connection. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    await this.stop();
    this.state = 'closed';
    await this.rpcClient.close();
    await this.confirms.close(this.options.closeGraceMs);
    await this.consuming?.close();
    await this.manager.close();
  }

  /** Connected, with a publishing channel open: for health checks. */
  isConnected(): boolean {
    const consuming = this.consuming === undefined || this.consuming.isConnected();
    return consuming && this.manager.isConnected() && this.confirms.isReady();
  }

  /** Published messages not yet confirmed by the broker. */
  unconfirmed(): number {
    return this.confirms.pending();
  }

  private dispatcherFor(role: ServiceTopology['consumed'][number]['role'], lane?: string) {
    const routes = this.registry.routesFor(role, lane);
    if (role === 'rpc') {
      return new RpcServerDispatcher({ service: this.options.service, routes, logger: this.logger }).dispatch;
    }
    return new WorkQueueDispatcher({
      service: this.options.service,
      routes,
      deadExchange: busExchanges(this.options.namespace).dead,
      confirms: this.confirms,
      logger: this.logger,
    }).dispatch;
  }

  private expectRegistering(): void {
    if (this.state !== 'registering') throw new Error(`register handlers before start() (bus is ${this.state})`);
  }
}
