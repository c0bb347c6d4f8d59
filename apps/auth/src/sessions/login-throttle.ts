import { Injectable } from '@nestjs/common';
import { AuthErrorCode } from '@zagel/contracts';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { AuthConfig } from '../config';
import { AuthError } from '../shared/auth-error';

interface Counter {
  key: string;
  max: number;
}

/** Counts failed logins per account and per IP in fixed windows; too many → too_many_attempts. */
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly settings: AuthConfig,
  ) {}

  /** Throws too_many_attempts (details.retryAfterSeconds) while either counter is at its limit. */
  async check(email: string, ip: string | undefined): Promise<void> {
    for (const counter of this.counters(email, ip)) {
      const count = Number((await this.redis.get(counter.key)) ?? 0);
      if (count >= counter.max) {
        const ttl = await this.redis.ttl(counter.key);
        const retryAfterSeconds = ttl > 0 ? ttl : this.settings.AUTH_LOGIN_FAILURE_WINDOW_SECONDS;
        throw new AuthError(AuthErrorCode.TooManyAttempts, 'too many failed logins; try again later', { retryAfterSeconds });
      }
    }
  }

  async recordFailure(email: string, ip: string | undefined): Promise<void> {
    const window = this.settings.AUTH_LOGIN_FAILURE_WINDOW_SECONDS;
    const multi = this.redis.multi();
    for (const counter of this.counters(email, ip)) multi.incr(counter.key).expire(counter.key, window, 'NX');
    await multi.exec();
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.accountKey(email));
  }

  private counters(email: string, ip: string | undefined): Counter[] {
    const account = { key: this.accountKey(email), max: this.settings.AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT };
    if (!ip) return [account];
    return [account, { key: this.keys.key('auth', 'login-failures', 'ip', ip), max: this.settings.AUTH_LOGIN_MAX_FAILURES_PER_IP }];
  }

  private accountKey(email: string): string {
    return this.keys.key('auth', 'login-failures', 'account', email);
  }
}
