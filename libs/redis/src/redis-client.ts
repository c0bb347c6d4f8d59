import { createClient, RedisClientType } from 'redis';
import { PlatformConfig } from '@zagel/config';
import { countRedisCommands } from './redis-command-counter';

export type RedisClient = RedisClientType;

/** The subset of Nest's LoggerService the Redis client writes to. */
export interface RedisLogger {
  warn(message: string, ...optionalParams: unknown[]): void;
}

export interface RedisClientOptions {
  config: PlatformConfig;
  /** Shown in `CLIENT LIST`, e.g. the service name. */
  name?: string;
  logger?: RedisLogger;
  /** How long the first connection may take before this fails (later losses are retried forever). Default 10 s. */
  connectTimeoutMs?: number;
}

/** Exponential backoff with jitter: 50 ms, 100 ms, ... capped at 5 s; never gives up. */
export function reconnectDelay(retries: number): number {
  const base = Math.min(50 * 2 ** Math.min(retries, 10), 5_000);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/**
 * A connected node-redis client for `REDIS_URL`. Rejects if Redis cannot be reached within
 * `connectTimeoutMs`; once connected, it reconnects by itself after every loss.
 */
export async function createRedisClient(options: RedisClientOptions): Promise<RedisClient> {
  countRedisCommands();
  const client: RedisClient = createClient({
    url: options.config.REDIS_URL,
    name: options.name,
    socket: { connectTimeout: 5_000, reconnectStrategy: reconnectDelay },
  });
  // Without a listener an 'error' event would crash the process; reconnecting is automatic.
  client.on('error', (error: unknown) => {
    options.logger?.warn(`redis: ${error instanceof Error ? error.message : String(error)}`);
  });
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const connected = client.connect().then(() => 'connected' as const);
    if ((await Promise.race([connected, timeout])) === 'timeout') {
      client.destroy();
      connected.catch(() => undefined);
      throw new Error(`cannot connect to Redis within ${timeoutMs} ms`);
    }
    return client;
  } finally {
    clearTimeout(timer);
  }
}

/** True when Redis answers PING within `timeoutMs`. Never rejects. */
export async function redisIsUp(client: RedisClient, timeoutMs = 1_000): Promise<boolean> {
  if (!client.isReady) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const answer = client.ping().then(
      (reply) => reply === 'PONG',
      () => false,
    );
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes after pending commands finish (at most `graceMs`); a client that is not connected, or
 * whose commands do not finish in time, is destroyed (its pending commands reject).
 */
export async function closeRedisClient(client: RedisClient, graceMs = 5_000): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) {
    client.destroy();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  try {
    if ((await Promise.race([client.close(), timeout])) === 'timeout') client.destroy();
  } finally {
    clearTimeout(timer);
  }
}
