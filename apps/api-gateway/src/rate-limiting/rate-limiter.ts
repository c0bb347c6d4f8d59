import { Injectable } from '@nestjs/common';
import { InjectRedis, LuaScript, RedisClient, RedisKeys } from '@zagel/redis';
import { BucketState } from './rate-limit-decision';

export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows: each counter is INCR'd and given its expiry on the first hit, all the
 * request's counters in one round trip. Returns count and remaining window per key.
 */
const COUNT_SCRIPT = new LuaScript({
  name: 'count-rate-limits',
  keys: [],
  more: 'buckets',
  source: `
local result = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then redis.call('PEXPIRE', key, ARGV[1]); ttl = tonumber(ARGV[1]) end
  result[#result + 1] = count
  result[#result + 1] = ttl
end
return result
`,
});

export interface BucketSpec {
  name: string;
  id: string;
  limit: number;
}

@Injectable()
export class RateLimiter {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async count(buckets: readonly BucketSpec[]): Promise<BucketState[]> {
    const redisKeys = buckets.map((bucket) => this.keys.key('api-gateway', 'rate', bucket.name, bucket.id));
    const reply = (await COUNT_SCRIPT.run(this.redis, { keys: redisKeys, args: [RATE_LIMIT_WINDOW_MS] })) as number[];
    return buckets.map((bucket, index) => ({
      name: bucket.name,
      limit: bucket.limit,
      count: Number(reply[index * 2]),
      resetMs: Number(reply[index * 2 + 1]),
    }));
  }
}
