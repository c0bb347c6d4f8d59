import { Injectable } from '@nestjs/common';
import { InjectRedis, LuaScript, RedisClient, RedisKeys } from '@zagel/redis';

/**
 * Token bucket holding up to one second of tokens: returns 0 when a token was taken, else the
 * milliseconds until one will be there.
 */
const TAKE_TOKEN = new LuaScript({
  name: 'take-provider-token',
  keys: ['bucket'],
  source: `
local rate = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1] or ARGV[1])
local at = tonumber(state[2] or ARGV[2])
tokens = math.min(rate, tokens + (now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 60000)
return wait`,
});

/** Takes a slot if fewer than ARGV[2] unexpired leases are held (a crashed holder's lease expires). */
const TAKE_SLOT = new LuaScript({
  name: 'take-provider-slot',
  keys: ['slots'],
  source: `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1`,
});

/** Per-provider send rate (messages/s) and submits in flight, shared by every instance through Redis. */
@Injectable()
export class ProviderThrottle {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** 0 when the message may go now, else how long to wait before asking again. */
  async takeToken(providerId: string, perSecond: number): Promise<number> {
    const wait = await TAKE_TOKEN.run(this.redis, {
      keys: [this.keys.key('provider-sender', 'rate', providerId)],
      args: [perSecond, Date.now()],
    });
    return Number(wait);
  }

  /** Holds one of `max` submit slots for up to `leaseMs` (released earlier by releaseSlot). */
  async takeSlot(providerId: string, max: number, holder: string, leaseMs: number): Promise<boolean> {
    const taken = await TAKE_SLOT.run(this.redis, {
      keys: [this.slotsKey(providerId)],
      args: [Date.now(), max, leaseMs, holder],
    });
    return Number(taken) === 1;
  }

  async releaseSlot(providerId: string, holder: string): Promise<void> {
    await this.redis.zRem(this.slotsKey(providerId), holder);
  }

  private slotsKey(providerId: string): string {
    return this.keys.key('provider-sender', 'in-flight', providerId);
  }
}
