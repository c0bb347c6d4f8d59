import { Inject, Injectable } from '@nestjs/common';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { OtpConfig } from '../config';

/** The pause between two sends of one verification; taking it is atomic, so racing resends send once. */
@Injectable()
export class ResendCooldown {
  constructor(
    @Inject(OtpConfig) private readonly config: OtpConfig,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async start(verificationId: string): Promise<void> {
    if (this.config.OTP_RESEND_COOLDOWN_SECONDS === 0) return;
    await this.redis.set(this.key(verificationId), '1', { PX: this.config.OTP_RESEND_COOLDOWN_SECONDS * 1_000 });
  }

  /** Undefined when the cooldown is over (and a new one started); else the milliseconds left. */
  async take(verificationId: string): Promise<number | undefined> {
    if (this.config.OTP_RESEND_COOLDOWN_SECONDS === 0) return undefined;
    const key = this.key(verificationId);
    const taken = await this.redis.set(key, '1', { PX: this.config.OTP_RESEND_COOLDOWN_SECONDS * 1_000, NX: true });
    if (taken === 'OK') return undefined;
    return Math.max(1, await this.redis.pTTL(key));
  }

  /** Gives the cooldown back when the resend it allowed did not happen. */
  async clear(verificationId: string): Promise<void> {
    await this.redis.del(this.key(verificationId));
  }

  private key(verificationId: string): string {
    return this.keys.key('otp', 'resend-cooldown', verificationId);
  }
}
