import { Injectable } from '@nestjs/common';
import { InjectRedis, LuaScript, RedisClient } from '@zagel/redis';
import { WindowLimit } from './fraud-rules';

/**
 * Takes one slot in every window, or none: each key is a sorted set of request times. If any window
 * is full, nothing is added and the reply names it with the milliseconds until its oldest slot frees.
 */
const TAKE_SCRIPT = new LuaScript({
  name: 'take-window-slots',
  keys: [],
  more: 'windows',
  source: `
local now = tonumber(ARGV[1])
local member = ARGV[2]
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[1 + i * 2])
  local limit = tonumber(ARGV[2 + i * 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= limit then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    return {i, tonumber(oldest[2]) + window - now}
  end
end
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[1 + i * 2])
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
end
return {0, 0}`,
});

export type WindowVerdict = { ok: true } | { ok: false; limit: WindowLimit; retryAfterMs: number };

@Injectable()
export class SlidingWindows {
  constructor(@InjectRedis() private readonly redis: RedisClient) {}

  /** `member` must be unique per request (the verification or message id). */
  async take(limits: readonly WindowLimit[], member: string, now = Date.now()): Promise<WindowVerdict> {
    const args: (string | number)[] = [now, member];
    for (const limit of limits) args.push(limit.windowSeconds * 1_000, limit.limit);
    const reply = (await TAKE_SCRIPT.run(this.redis, { keys: limits.map((limit) => limit.key), args })) as number[];
    const [index, retryAfterMs] = reply;
    if (!index) return { ok: true };
    return { ok: false, limit: limits[index - 1] as WindowLimit, retryAfterMs: Number(retryAfterMs) };
  }

  /** Gives back the slots `member` took (a send refused later, e.g. by billing, is not a send). */
  async giveBack(keys: readonly string[], member: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of keys) multi.zRem(key, member);
    await multi.exec();
  }
}
