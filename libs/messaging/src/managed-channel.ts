import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { BusLogger, describeError } from './bus-logger';

export interface ManagedChannelOptions<C extends Channel> {
  name: string;
  confirm: C extends ConfirmChannel ? true : false;
  /** Runs on every new channel before it is handed out (declare, consume, add listeners). */
  setup: (channel: C) => Promise<void>;
  /**
   * Runs first when a channel closes: before amqplib fails that channel's unconfirmed publishes,
   * so an owner can tell "lost with the channel" from "refused by the broker".
   */
  onClose?: (channel: C) => void;
  logger: BusLogger;
}

const MIN_REOPEN_DELAY_MS = 250;
const MAX_REOPEN_DELAY_MS = 10_000;

/**
 * One AMQP channel kept open for as long as the bus lives: reopened on every reconnect of the
 * connection manager and after a channel-level error, with `setup` run again each time.
 * (amqp-connection-manager's ChannelWrapper neither reopens after a channel error nor re-sends
 * publishes that were in flight when the connection dropped, so the bus manages channels itself.)
 */
export class ManagedChannel<C extends Channel> {
  private channel?: C;
  private opening?: Promise<void>;
  private closed = false;
  private failures = 0;
  private reopenTimer?: NodeJS.Timeout;
  private waiters = new Set<(channel: C | undefined) => void>();

  constructor(
    private readonly manager: AmqpConnectionManager,
    private readonly options: ManagedChannelOptions<C>,
  ) {
    manager.on('connect', this.onConnect);
    if (manager.connection) this.open(manager.connection);
  }

  /** The open, set-up channel, if there is one right now. */
  current(): C | undefined {
    return this.channel;
  }

  /** Waits for an open channel; undefined if none came within `timeoutMs` or the channel was closed for good. */
  ready(timeoutMs?: number): Promise<C | undefined> {
    if (this.channel || this.closed) return Promise.resolve(this.channel);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = (channel: C | undefined) => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(channel);
      };
      this.waiters.add(waiter);
      if (timeoutMs !== undefined) timer = setTimeout(() => waiter(undefined), timeoutMs);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.manager.removeListener('connect', this.onConnect);
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    await this.opening;
    const channel = this.channel;
    this.channel = undefined;
    for (const waiter of [...this.waiters]) waiter(undefined);
    if (channel) await channel.close().catch(() => undefined);
  }

  private readonly onConnect = ({ connection }: { connection: ChannelModel }) => this.open(connection);

  private open(connection: ChannelModel): void {
    if (this.closed || this.channel || this.opening) return;
    this.opening = this.create(connection).finally(() => {
      this.opening = undefined;
    });
  }

  private async create(connection: ChannelModel): Promise<void> {
    const { name, logger } = this.options;
    let channel: C;
    try {
      const opened = this.options.confirm ? connection.createConfirmChannel() : connection.createChannel();
      channel = (await opened) as C;
    } catch (error) {
      logger.warn(`bus channel ${name}: cannot open: ${describeError(error)}`);
      this.scheduleReopen();
      return;
    }
    let closedDuringSetup = false;
    channel.on('error', (error: unknown) => logger.warn(`bus channel ${name}: ${describeError(error)}`));
    channel.prependListener('close', () => {
      closedDuringSetup = true;
      this.onChannelClosed(channel);
    });
    try {
      await this.options.setup(channel);
    } catch (error) {
      logger.error(`bus channel ${name}: setup failed: ${describeError(error)}`);
      if (!closedDuringSetup) await channel.close().catch(() => undefined);
      return;
    }
    if (closedDuringSetup) return;
    if (this.closed) {
      await channel.close().catch(() => undefined);
      return;
    }
    this.channel = channel;
    this.failures = 0;
    for (const waiter of [...this.waiters]) waiter(channel);
  }

  private onChannelClosed(channel: C): void {
    if (this.channel === channel) this.channel = undefined;
    this.options.onClose?.(channel);
    if (!this.closed) this.scheduleReopen();
  }

  private scheduleReopen(): void {
    if (this.closed || this.reopenTimer) return;
    const delay = Math.min(MAX_REOPEN_DELAY_MS, MIN_REOPEN_DELAY_MS * 2 ** this.failures);
    this.failures += 1;
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = undefined;
      // Without a connection, the manager's next 'connect' event reopens the channel.
      if (this.manager.connection) this.open(this.manager.connection);
    }, delay);
    this.reopenTimer.unref();
  }
}
