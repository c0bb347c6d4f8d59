import { Client, ClientConfig, Notification } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { describeError, OutboxLogger } from './outbox-logger';

/** A client config for the same server as the data source (LISTEN needs a connection of its own). */
function clientConfig(options: PostgresConnectionOptions): ClientConfig {
  return {
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password: typeof options.password === 'string' ? options.password : undefined,
    database: options.database,
    ssl: options.ssl as ClientConfig['ssl'],
    application_name: options.applicationName ? `${options.applicationName}-listen`.slice(0, 63) : undefined,
  };
}

export interface OutboxListenerOptions {
  /** The notification channel: `<schema>.outbox`. */
  channel: string;
  /** Called with the writer's application_name on every notification. */
  onNotify: (writer: string) => void;
  /** Called once listening (again): notifications sent while not listening were lost. */
  onListening: () => void;
  reconnectDelayMs: number;
  logger: OutboxLogger;
}

/** Holds one connection LISTENing on the outbox channel; reconnects after a loss. */
export class OutboxListener {
  private client?: Client;
  private reconnectTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: OutboxListenerOptions,
  ) {}

  /** Listens, or keeps retrying in the background if the server cannot be reached now. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client(clientConfig(this.dataSource.options as PostgresConnectionOptions));
    client.on('notification', (message: Notification) => {
      if (message.channel === this.options.channel) this.options.onNotify(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${this.options.channel}"`);
    } catch (error) {
      client.end().catch(() => undefined);
      this.options.logger.warn(`outbox listener could not connect: ${describeError(error)}`);
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.options.onListening();
  }

  /** Only the current client's loss counts: errors while connecting are handled by connect(). */
  private lost(client: Client, error?: unknown): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    this.options.logger.warn(`outbox listener lost its connection${error ? `: ${describeError(error)}` : ''}`);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), this.options.reconnectDelayMs);
    this.reconnectTimer.unref();
  }
}
