import type { ReadinessCheck } from '@zagel/observability';
import { RedisClient, redisIsUp } from './redis-client';

/** The `/health/ready` check for Redis. */
export function redisReadinessCheck(client: RedisClient, timeoutMs?: number): ReadinessCheck {
  return { name: 'redis', isUp: () => redisIsUp(client, timeoutMs) };
}
