import type { Channel } from 'amqplib';
import { AmqpConnectionManager, AmqpConnectionManagerClass } from 'amqp-connection-manager';
import { describeError } from './bus-logger';
import { coalesceAmqpFrameWrites } from './coalesced-frame-writes';
import { ResolvedBusOptions } from './bus-options';

/**
 * What a connection carries. Publishing and consuming use separate connections: when the broker
 * throttles a busy publisher it blocks that whole connection, and consumers' acks on it would
 * stall too (measured: publish and consume on one connection run at about 60% of two connections).
 */
export type ConnectionRole = 'publish' | 'consume';

/** Opens a self-reconnecting connection; fails after `connectTimeoutMs` if the broker cannot be reached. */
export async function openBusConnection(
  options: ResolvedBusOptions,
  role: ConnectionRole,
): Promise<AmqpConnectionManager> {
  coalesceAmqpFrameWrites();
  const name = `${options.namespace.bus(options.service)}/${options.instanceId}/${role}`;
  const manager = new AmqpConnectionManagerClass(
    [{ url: options.url, connectionOptions: { noDelay: true, clientProperties: { connection_name: name } } }],
    { heartbeatIntervalInSeconds: options.heartbeatSeconds, reconnectTimeInSeconds: 1 },
  );
  watchConnection(manager, options, name);
  try {
    await manager.connect({ timeout: options.connectTimeoutMs });
  } catch (error) {
    await manager.close();
    throw new Error(`cannot connect to RabbitMQ at ${redact(options.url)}: ${describeError(error)}`);
  }
  return manager;
}

/** A short-lived channel for one administrative operation: a failed check closes it, not a working channel. */
export async function withTemporaryChannel<T>(
  manager: AmqpConnectionManager,
  work: (channel: Channel) => Promise<T>,
): Promise<T> {
  const connection = manager.connection;
  if (!connection) throw new Error('not connected to RabbitMQ');
  const channel = await connection.createChannel();
  let closed = false;
  channel.on('error', () => undefined);
  channel.on('close', () => {
    closed = true;
  });
  try {
    return await work(channel);
  } finally {
    if (!closed) await channel.close().catch(() => undefined);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

function watchConnection(manager: AmqpConnectionManager, options: ResolvedBusOptions, name: string): void {
  const { logger } = options;
  let wasConnected = false;
  manager.on('connect', () => {
    if (wasConnected) logger.log(`bus ${name}: reconnected to RabbitMQ`);
    wasConnected = true;
  });
  manager.on('disconnect', ({ err }: { err?: Error }) => {
    logger.warn(`bus ${name}: lost the RabbitMQ connection: ${describeError(err)}`);
  });
  manager.on('connectFailed', ({ err }: { err?: Error }) => {
    if (wasConnected) logger.warn(`bus ${name}: reconnecting to RabbitMQ failed: ${describeError(err)}`);
  });
  manager.on('blocked', ({ reason }: { reason: string }) => {
    logger.warn(`bus ${name}: RabbitMQ blocked the connection: ${reason}`);
  });
  manager.on('unblocked', () => logger.log(`bus ${name}: RabbitMQ unblocked the connection`));
}
