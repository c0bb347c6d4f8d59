import { Namespace } from '@zagel/config';
import { asQuorumQueue, busExchanges, commandRoutingKey, QueueSpec } from './topology';

/** Longest delay `sendDelayed` accepts: longer waits belong in a scheduler, not in a broker queue. */
export const MAX_COMMAND_DELAY_MS = 3_600_000;

/**
 * A delay queue outlives its last use by this much: every message in it dead-letters before the queue
 * can expire, as long as the queue is redeclared at least this often while it is used.
 */
export const DELAY_QUEUE_GRACE_MS = 60_000;

/**
 * Delays rounded up to a few steps, so one service uses a handful of delay queues, not one per value:
 * 100 ms steps below a second, whole seconds below a minute, whole minutes above.
 */
export function roundDelay(delayMs: number): number {
  const wanted = Math.min(Math.max(Math.ceil(delayMs), 1), MAX_COMMAND_DELAY_MS);
  const step = wanted <= 1_000 ? 100 : wanted <= 60_000 ? 1_000 : 60_000;
  return Math.ceil(wanted / step) * step;
}

/**
 * The queue that holds commands for a target for `delayMs`, then dead-letters them to the commands
 * exchange with the target's routing key, where they arrive like any freshly sent command.
 */
export function delayQueueSpec(
  namespace: Namespace,
  target: { service: string; instanceId?: string },
  delayMs: number,
  lane?: string,
  quorum = false,
): QueueSpec {
  const routingKey = commandRoutingKey(target.service, target.instanceId, lane);
  const classic = {
    'x-queue-version': 2,
    'x-message-ttl': delayMs,
    'x-dead-letter-exchange': busExchanges(namespace).commands,
    'x-dead-letter-routing-key': routingKey,
    'x-expires': delayMs + DELAY_QUEUE_GRACE_MS,
  };
  return { name: namespace.bus(`${routingKey}.delay.${delayMs}`), arguments: quorum ? asQuorumQueue(classic) : classic };
}
