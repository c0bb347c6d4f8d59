import { Namespace, PlatformConfig } from '@zagel/config';
import { BusLogger } from './bus-logger';

/** Settings of one lane's queues in this service. */
export interface LaneSettings {
  /** Unacked messages per queue of the lane (default: `prefetch`). */
  prefetch?: number;
  /** Event queues of the lane refuse publishes past this many ready messages (reject-publish). */
  maxLength?: number;
}

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
  /** Per lane (`live`, `bulk`): prefetch and bound of its queues, over DEFAULT_LANES. */
  lanes?: Readonly<Record<string, LaneSettings>>;
  /** Delay before each retry of a failed handler: attempts = delays + 1 (default 1s, 5s, 30s, 2min). */
  retryDelaysMs?: readonly number[];
  /** Default RPC deadline (default 5 s). */
  rpcTimeoutMs?: number;
  /** `x-expires` on every queue declared (tests, so leftovers vanish). */
  queueExpiresMs?: number;
  /** Declare every queue as a quorum queue (a RabbitMQ cluster of 3+ nodes); default false: classic queues. */
  quorumQueues?: boolean;
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

/**
 * Live queues are bounded, so past its capacity a live publish is refused at once (LiveLaneFull)
 * instead of waiting in a long queue; bulk queues take few messages at a time (each may carry 500
 * recipients), so a consumer with work on both lanes always has room for live deliveries.
 */
export const DEFAULT_LANES: Readonly<Record<string, LaneSettings>> = { live: { maxLength: 2_000 }, bulk: { prefetch: 10 } };

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
    quorumQueues: false,
    ...withoutUndefined(options),
    lanes: mergeLanes(DEFAULT_LANES, options.lanes ?? {}),
    logger,
  };
}

function mergeLanes(
  defaults: Readonly<Record<string, LaneSettings>>,
  overrides: Readonly<Record<string, LaneSettings>>,
): Record<string, LaneSettings> {
  const lanes: Record<string, LaneSettings> = {};
  for (const lane of new Set([...Object.keys(defaults), ...Object.keys(overrides)])) {
    lanes[lane] = { ...defaults[lane], ...withoutUndefined(overrides[lane] ?? {}) };
  }
  return lanes;
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
    lanes: {
      live: { prefetch: config.BUS_LIVE_PREFETCH, maxLength: config.BUS_LIVE_MAX_LENGTH },
      bulk: { prefetch: config.BUS_BULK_PREFETCH },
    },
    retryDelaysMs: config.BUS_RETRY_DELAYS_MS,
    rpcTimeoutMs: config.RPC_TIMEOUT_MS,
    queueExpiresMs: config.BUS_QUEUE_EXPIRES_MS,
    quorumQueues: config.RABBITMQ_QUORUM,
    ...extra,
  };
}
