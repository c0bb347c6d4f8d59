import { subscribe } from 'node:diagnostics_channel';
import { Counter, register } from 'prom-client';

export const REDIS_COMMANDS = 'zagel_redis_commands_total';

/** On prom-client's default registry (the service's `/metrics`); `service` comes from its default labels. */
export const redisCommands: Counter =
  (register.getSingleMetric(REDIS_COMMANDS) as Counter | undefined) ??
  new Counter({ name: REDIS_COMMANDS, help: 'Commands sent to Redis (each command of a pipeline or MULTI; a script call is one)' });

/** What node-redis (5.12+) publishes on its tracing channels, as far as counting needs it. */
interface BatchTrace {
  batchMode: 'MULTI' | 'PIPELINE';
  batchSize: number;
}

// The start events of node-redis's tracing channels `node-redis:command` and `node-redis:batch`.
// Every command it queues is traced, pipelined ones included; the commands of a MULTI are traced
// only as their batch, which also sends MULTI and EXEC.
const COMMAND_STARTED = 'tracing:node-redis:command:start';
const BATCH_STARTED = 'tracing:node-redis:batch:start';
let counting = false;

/**
 * Counts every command node-redis sends from this process into `zagel_redis_commands_total`
 * (EVALSHA is one; its EVAL fallback after NOSCRIPT is a second). Idempotent.
 */
export function countRedisCommands(): void {
  if (counting) return;
  counting = true;
  subscribe(COMMAND_STARTED, () => redisCommands.inc());
  subscribe(BATCH_STARTED, (message) => {
    const batch = message as BatchTrace;
    if (batch.batchMode === 'MULTI') redisCommands.inc(batch.batchSize + 2);
  });
}
