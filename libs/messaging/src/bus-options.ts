import { Namespace, PlatformConfig } from '@zagel/config';
import { BusLogger } from './bus-logger';

export interface BusOptions {
  /** amqp:// URL of the broker. */
  url: string;
  namespace: Namespace;
  /** The service this process runs (queue names, appId of what it publishes). */
  service: string;
  /** This process; names the per-instance command queue. */
  instanceId: string;
  /** Unacked messages per consumed queue (default 100). */
  prefetch?: number;
  /** Delay before each retry of a failed handler: attempts = delays + 1 (default 1s, 5s, 30s, 2min). */
  retryDelaysMs?: readonly number[];
  /** Default RPC deadline (default 5 s). */
  rpcTimeoutMs?: number;
  /** `x-expires` on every queue declared (tests, so leftovers vanish). */
  queueExpiresMs?: number;
  /** `x-expires` of the per-instance command queue (default 60 s). */
  instanceQueueExpiresMs?: number;
  /** Publisher window: messages published but not yet confirmed (default 10,000). */
  maxUnconfirmed?: number;
  /** How long `connect` waits for the broker before failing (default 10 s). */
  connectTimeoutMs?: number;
  /** AMQP heartbeat; a dead connection is noticed within about twice this (default 5 s). */
  heartbeatSeconds?: number;
  /** How long `close` waits for unconfirmed publishes (default 5 s). */
  closeGraceMs?: number;
  logger?: BusLogger;
}

export type ResolvedBusOptions = Required<Omit<BusOptions, 'queueExpiresMs'>> & Pick<BusOptions, 'queueExpiresMs'>;

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000];

export function resolveBusOptions(options: BusOptions, logger: BusLogger): ResolvedBusOptions {
  return {
    url: options.url,
    namespace: options.namespace,
    service: options.service,
    instanceId: options.instanceId,
    prefetch: 100,
    retryDelaysMs: DEFAULT_RETRY_DELAYS_MS,
    rpcTimeoutMs: 5_000,
    instanceQueueExpiresMs: 60_000,
    maxUnconfirmed: 10_000,
    connectTimeoutMs: 10_000,
    heartbeatSeconds: 5,
    closeGraceMs: 5_000,
    ...withoutUndefined(options),
    logger,
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** Bus options from the platform settings every service loads. */
export function busOptionsFromConfig(
  config: PlatformConfig,
  service: string,
  extra: Partial<BusOptions> = {},
): BusOptions {
  return {
    url: config.RABBITMQ_URL,
    namespace: new Namespace(config.ZAGEL_NAMESPACE),
    service,
    instanceId: config.INSTANCE_ID,
    prefetch: config.BUS_PREFETCH,
    retryDelaysMs: config.BUS_RETRY_DELAYS_MS,
    rpcTimeoutMs: config.RPC_TIMEOUT_MS,
    queueExpiresMs: config.BUS_QUEUE_EXPIRES_MS,
    ...extra,
  };
}
