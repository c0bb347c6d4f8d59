import type { Channel, ConsumeMessage, Options } from 'amqplib';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { AckBatcher } from './ack-batcher';
import { BusLogger, describeError } from './bus-logger';
import { declareTopology } from './declare-topology';
import { ManagedChannel } from './managed-channel';
import { ConsumedQueue, ServiceTopology } from './topology';

/** One message as handed to a dispatcher, settled through the channel it came on. */
export interface Delivery {
  message: ConsumeMessage;
  queue: ConsumedQueue;
  ack(): void;
  nack(requeue: boolean): void;
  /** Publishes on the delivering channel without confirms (RPC replies), after the acks given so far. */
  reply(routingKey: string, content: Buffer, options: Options.Publish): void;
}

export type Dispatch = (delivery: Delivery) => Promise<void>;

export interface QueueConsumerOptions {
  queue: ConsumedQueue;
  /** Declared on every new channel, before consuming, so a restarted broker or an expired queue heals. */
  topology: ServiceTopology;
  prefetch: number;
  dispatch: Dispatch;
  logger: BusLogger;
}

/**
 * Consumes one queue on its own channel with manual acks and bounded prefetch. Acks go to the
 * channel that delivered the message, coalesced per turn of the event loop (AckBatcher); if that
 * channel has died the ack is dropped (the broker has already requeued the message).
 */
export class QueueConsumer {
  private readonly channel: ManagedChannel<Channel>;
  private readonly closedChannels = new WeakSet<Channel>();
  private readonly batchers = new WeakMap<Channel, AckBatcher>();
  private readonly inFlight = new Set<Promise<void>>();
  private consumerTag?: string;
  private stopping = false;

  constructor(
    manager: AmqpConnectionManager,
    private readonly options: QueueConsumerOptions,
  ) {
    this.channel = new ManagedChannel<Channel>(manager, {
      name: options.queue.name,
      confirm: false,
      logger: options.logger,
      setup: (channel) => this.setup(channel),
      onClose: (channel) => {
        this.closedChannels.add(channel);
        this.batchers.get(channel)?.discard();
      },
    });
  }

  /** Resolves once the queue is declared and consumed (or after `timeoutMs`, false). */
  async ready(timeoutMs: number): Promise<boolean> {
    return (await this.channel.ready(timeoutMs)) !== undefined;
  }

  handling(): number {
    return this.inFlight.size;
  }

  /** Stops taking messages, waits for the handlers in progress to settle theirs, then closes the channel. */
  async stop(): Promise<void> {
    this.stopping = true;
    const channel = this.channel.current();
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    const open = this.channel.current();
    if (open) this.batchers.get(open)?.flush();
    await this.channel.close();
  }

  private async setup(channel: Channel): Promise<void> {
    const { queue, topology, prefetch } = this.options;
    await declareTopology(channel, topology);
    if (this.stopping) return;
    await channel.prefetch(prefetch);
    this.batchers.set(channel, new AckBatcher(channel, (action) => this.onOpenChannel(action)));
    const noAck = false;
    const { consumerTag } = await channel.consume(queue.name, (message) => this.receive(channel, message), { noAck });
    this.consumerTag = consumerTag;
  }

  private receive(channel: Channel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled us (queue deleted): a fresh channel re-declares the queue and consumes again.
      this.options.logger.warn(`bus queue ${this.options.queue.name}: consumer cancelled by the broker`);
      channel.close().catch(() => undefined);
      return;
    }
    const delivery = this.delivery(channel, message);
    const work = this.options
      .dispatch(delivery)
      .catch((error: unknown) => {
        this.options.logger.error(`bus queue ${this.options.queue.name}: dispatch failed: ${describeError(error)}`);
        delivery.nack(true);
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private delivery(channel: Channel, message: ConsumeMessage): Delivery {
    const batcher = this.batchers.get(channel) as AckBatcher;
    batcher.received(message);
    let settled = false;
    const settle = (action: () => void) => {
      if (settled || this.closedChannels.has(channel)) return;
      settled = true;
      action();
    };
    return {
      message,
      queue: this.options.queue,
      ack: () => settle(() => batcher.ack(message)),
      nack: (requeue) => settle(() => batcher.nack(message, requeue)),
      reply: (routingKey, content, options) => {
        if (this.closedChannels.has(channel)) return;
        batcher.flush();
        this.onOpenChannel(() => channel.publish('', routingKey, content, options));
      },
    };
  }

  /** A channel that is closing throws on use; the broker requeues what it delivered, so there is nothing to do. */
  private onOpenChannel(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.options.logger.warn(`bus queue ${this.options.queue.name}: channel closing: ${describeError(error)}`);
    }
  }
}
