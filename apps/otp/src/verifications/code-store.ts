import { Injectable } from '@nestjs/common';
import { InjectRedis, LuaScript, RedisClient, RedisKeys } from '@zagel/redis';

/**
 * Counts one attempt atomically and hands back the stored HMAC, so two racing checks count two
 * attempts; a code already at its limit is not counted again.
 */
const COUNT_ATTEMPT_SCRIPT = new LuaScript({
  name: 'count-code-attempt',
  keys: ['code'],
  source: `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing', 0, ''} end
local attempts = tonumber(redis.call('HGET', KEYS[1], 'attempts'))
local max = tonumber(redis.call('HGET', KEYS[1], 'max'))
if attempts >= max then return {'locked', attempts, ''} end
attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
return {'counted', attempts, redis.call('HGET', KEYS[1], 'hmac')}`,
});

export type AttemptOutcome =
  | { kind: 'missing' }
  | { kind: 'locked'; attempts: number }
  | { kind: 'counted'; attempts: number; hmac: string };

export interface StoredCode {
  hmac: string;
  sealed: string;
  maxAttempts: number;
  ttlSeconds: number;
}

/** A verification's code in Redis: its HMAC, its sealed copy and the attempts, gone at expiry. */
@Injectable()
export class CodeStore {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async save(verificationId: string, code: StoredCode): Promise<void> {
    const key = this.key(verificationId);
    await this.redis
      .multi()
      .hSet(key, { hmac: code.hmac, sealed: code.sealed, attempts: '0', max: String(code.maxAttempts) })
      .expire(key, code.ttlSeconds)
      .exec();
  }

  async countAttempt(verificationId: string): Promise<AttemptOutcome> {
    const [kind, attempts, hmac] = (await COUNT_ATTEMPT_SCRIPT.run(this.redis, { keys: [this.key(verificationId)] })) as [
      string,
      number,
      string,
    ];
    if (kind === 'counted') return { kind, attempts: Number(attempts), hmac };
    if (kind === 'locked') return { kind, attempts: Number(attempts) };
    return { kind: 'missing' };
  }

  async sealed(verificationId: string): Promise<string | undefined> {
    return (await this.redis.hGet(this.key(verificationId), 'sealed')) ?? undefined;
  }

  /** True for the one caller that removed it: that caller owns the transition (approval happens once). */
  async remove(verificationId: string): Promise<boolean> {
    return (await this.redis.del(this.key(verificationId))) === 1;
  }

  private key(verificationId: string): string {
    return this.keys.key('otp', 'code', verificationId);
  }
}
