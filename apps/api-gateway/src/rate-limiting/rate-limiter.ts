import { Injectable } from '@nestjs/common';
import { GroupCommit } from '@zagel/concurrency';
import { InjectRedis, LuaScript, RedisClient, RedisKeys } from '@zagel/redis';
import { BucketState } from './rate-limit-decision';
import { CounterReading, shareCounts, tallyCounters } from './shared-counting';

export const RATE_LIMIT_WINDOW_MS = 60_000;

/** Most requests counted in one script call. */
const MAX_REQUESTS_PER_CALL = 256;

/**
 * Fixed one-minute windows: each counter is raised by the number of requests counted against it and
 * given its expiry when the raise created it, all the counters in one round trip. ARGV[1] is the
 * window, ARGV[i + 1] the raise of KEYS[i]. Returns count and remaining window per key.
 */
const COUNT_SCRIPT = new LuaScript({
  name: 'count-rate-limits',
  keys: [],
  more: 'buckets',
  source: `
local result = {}
for i, key in ipairs(KEYS) do
  local raise = tonumber(ARGV[i + 1])
  local count = redis.call('INCRBY', key, raise)
  if count == raise then redis.call('PEXPIRE', key, ARGV[1]) end
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

/**
 * Counts requests against their buckets in Redis. Requests that arrive while a count is on its way
 * are counted together in the next script call (a group commit): one round trip for many requests
 * under load, each still getting the count it would have got alone, in arrival order.
 */
@Injectable()
export class RateLimiter {
  private readonly counting = new GroupCommit<'counters', readonly string[], CounterReading[]>(
    (_key, requests) => this.countTogether(requests),
    { maxBatch: MAX_REQUESTS_PER_CALL },
  );

  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async count(buckets: readonly BucketSpec[]): Promise<BucketState[]> {
    const redisKeys = buckets.map((bucket) => this.keys.key('api-gateway', 'rate', bucket.name, bucket.id));
    const readings = await this.counting.add('counters', redisKeys);
    return buckets.map((bucket, index) => ({ name: bucket.name, limit: bucket.limit, count: readings[index]!.count, resetMs: readings[index]!.resetMs }));
  }

  private async countTogether(requests: readonly (readonly string[])[]) {
    const tally = tallyCounters(requests);
    const keys = [...tally.keys()];
    const reply = (await COUNT_SCRIPT.run(this.redis, { keys, args: [RATE_LIMIT_WINDOW_MS, ...tally.values()] })) as number[];
    const after = new Map(keys.map((key, index) => [key, { count: Number(reply[index * 2]), resetMs: Number(reply[index * 2 + 1]) }]));
    return shareCounts(requests, tally, after).map((readings) => ({ ok: true as const, value: readings }));
  }
}
