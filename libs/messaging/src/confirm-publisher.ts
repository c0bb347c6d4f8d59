import type { ConfirmChannel, Message, Options } from 'amqplib';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { BusLogger } from './bus-logger';
import { LiveLaneFull, PublishFailed, UnroutableMessage } from './errors';
import { ManagedChannel } from './managed-channel';

/** A message ready for the wire. */
export interface WireMessage {
  exchange: string;
  routingKey: string;
  content: Buffer;
  options: Options.Publish;
}

/** Per message: undefined once the broker confirmed it, else why it was not accepted. */
export type PublishOutcomes = (Error | undefined)[];

interface Batch {
  outcomes: PublishOutcomes;
  remaining: number;
  done: (outcomes: PublishOutcomes) => void;
}

interface Entry {
  message: WireMessage;
  batch: Batch;
  index: number;
  /** Bumped on every send, so a late callback from an earlier send is ignored. */
  sends: number;
  returned: boolean;
}

/** What we know about one channel's life: its in-flight count and whether it has closed. */
interface ChannelState {
  channel: ConfirmChannel;
  inFlight: number;
  closed: boolean;
  writable: boolean;
  /** Mandatory messages awaiting their confirm, by messageId, so a basic.return can be matched. */
  mandatory: Map<string, Entry[]>;
}

export interface ConfirmPublisherOptions {
  name: string;
  /** Published but unconfirmed messages allowed at once. */
  maxInFlight: number;
  /** Declares what publishes need (the exchanges), on every new channel. */
  setup: (channel: ConfirmChannel) => Promise<void>;
  logger: BusLogger;
}

/**
 * Publishes with publisher confirms, a bounded number in flight. A message is done only when
 * the broker confirmed it; messages that were in flight when the channel or connection died
 * are sent again on the next channel (consumers dedupe by messageId), messages accepted while
 * disconnected wait for the connection.
 */
export class ConfirmPublisher {
  private readonly channel: ManagedChannel<ConfirmChannel>;
  private state?: ChannelState;
  private waiting: (Entry | undefined)[] = [];
  private head = 0;
  private resend: Entry[] = [];
  private pumpScheduled = false;
  private closing = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    manager: AmqpConnectionManager,
    private readonly options: ConfirmPublisherOptions,
  ) {
    this.channel = new ManagedChannel<ConfirmChannel>(manager, {
      name: options.name,
      confirm: true,
      logger: options.logger,
      setup: async (channel) => {
        await options.setup(channel);
        this.attach(channel);
      },
      onClose: (channel) => {
        if (this.state?.channel === channel) this.state.closed = true;
      },
    });
  }

  /** Publishes every message; resolves (never rejects) once each one is confirmed or has failed. */
  publish(messages: WireMessage[]): Promise<PublishOutcomes> {
    if (this.closing) return Promise.resolve(messages.map(() => new PublishFailed('the bus is closed')));
    if (messages.length === 0) return Promise.resolve([]);
    return new Promise((done) => {
      const batch: Batch = { outcomes: new Array(messages.length).fill(undefined), remaining: messages.length, done };
      for (let index = 0; index < messages.length; index++) {
        this.waiting.push({ message: messages[index], batch, index, sends: 0, returned: false });
      }
      this.schedulePump();
    });
  }

  /** Messages accepted but not yet confirmed. */
  pending(): number {
    return this.waiting.length - this.head + this.resend.length + (this.state?.inFlight ?? 0);
  }

  /** Waits for the publishing channel; false if it did not open within `timeoutMs`. */
  async ready(timeoutMs: number): Promise<boolean> {
    return (await this.channel.ready(timeoutMs)) !== undefined;
  }

  isReady(): boolean {
    return this.state !== undefined && !this.state.closed;
  }

  /** Waits up to `graceMs` for pending messages to be confirmed, then fails the rest. */
  async close(graceMs: number): Promise<void> {
    this.closing = true;
    if (this.pending() > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        this.idleWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await this.channel.close();
    const failure = new PublishFailed('the bus closed before the broker confirmed the message');
    for (const entry of [...this.resend, ...this.waiting.slice(this.head)]) if (entry) this.settle(entry, failure);
    this.resend = [];
    this.waiting = [];
    this.head = 0;
  }

  private attach(channel: ConfirmChannel): void {
    const state: ChannelState = { channel, inFlight: 0, closed: false, writable: true, mandatory: new Map() };
    channel.on('drain', () => {
      state.writable = true;
      this.schedulePump();
    });
    channel.on('return', (message: Message) => {
      const id = message.properties.messageId as string | undefined;
      const entry = id === undefined ? undefined : state.mandatory.get(id)?.find((candidate) => !candidate.returned);
      if (entry) entry.returned = true;
    });
    this.state = state;
    this.schedulePump();
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    // Coalesces the many confirm callbacks of one `multiple` ack into one refill of the window.
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.resend.length > 0) {
      this.waiting = [...this.resend, ...this.waiting.slice(this.head)];
      this.head = 0;
      this.resend = [];
    }
    const state = this.state;
    if (!state || state.closed) return;
    const { maxInFlight } = this.options;
    while (state.writable && state.inFlight < maxInFlight && this.head < this.waiting.length) {
      const entry = this.waiting[this.head] as Entry;
      this.waiting[this.head++] = undefined;
      if (!this.send(state, entry)) break;
    }
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    } else if (this.head > 4_096 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
  }

  private send(state: ChannelState, entry: Entry): boolean {
    const sends = ++entry.sends;
    const { exchange, routingKey, content, options } = entry.message;
    const id = options.mandatory ? (options.messageId as string) : undefined;
    if (id !== undefined) state.mandatory.set(id, [...(state.mandatory.get(id) ?? []), entry]);
    state.inFlight += 1;
    try {
      state.writable = state.channel.publish(exchange, routingKey, content, options, (error) =>
        this.onConfirm(state, entry, sends, id, error),
      );
      return true;
    } catch {
      // The channel is closing: this send never happened; the entry goes out again on the next channel.
      entry.sends += 1;
      state.inFlight -= 1;
      this.forgetMandatory(state, entry, id);
      this.resend.push(entry);
      return false;
    }
  }

  private onConfirm(state: ChannelState, entry: Entry, sends: number, id: string | undefined, error: unknown): void {
    if (entry.sends !== sends) return;
    state.inFlight -= 1;
    this.forgetMandatory(state, entry, id);
    if (error && state.closed && !this.closing) {
      this.resend.push(entry);
    } else if (error && !state.closed) {
      this.settle(entry, new LiveLaneFull(entry.message.routingKey));
    } else if (error) {
      this.settle(entry, new PublishFailed('message not published: the bus closed before the broker confirmed it'));
    } else if (entry.returned) {
      const { exchange, routingKey, options } = entry.message;
      this.settle(entry, new UnroutableMessage(String(options.type), exchange, routingKey));
    } else {
      this.settle(entry, undefined);
    }
    this.schedulePump();
  }

  private forgetMandatory(state: ChannelState, entry: Entry, id: string | undefined): void {
    if (id === undefined) return;
    const entries = state.mandatory.get(id)?.filter((candidate) => candidate !== entry) ?? [];
    if (entries.length > 0) state.mandatory.set(id, entries);
    else state.mandatory.delete(id);
  }

  private settle(entry: Entry, outcome: Error | undefined): void {
    entry.sends += 1;
    const batch = entry.batch;
    batch.outcomes[entry.index] = outcome;
    batch.remaining -= 1;
    if (batch.remaining === 0) batch.done(batch.outcomes);
    if (this.closing && this.pending() === 0) for (const waiter of this.idleWaiters.splice(0)) waiter();
  }
}
