import { Injectable } from '@nestjs/common';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';

/** Longer than a device token lives (365 days): after that no token issued before the revocation is left. */
const REMEMBER_SECONDS = 366 * 24 * 60 * 60;

/**
 * Devices whose token auth revoked, with when, shared by every instance through Redis. A token
 * issued before (or in the second of) the revocation is refused; one issued later (the owner
 * registered the phone again) is not.
 */
@Injectable()
export class RevokedDevices {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async remember(deviceId: string, revokedAt: string): Promise<void> {
    await this.redis.set(this.key(deviceId), String(Math.floor(Date.parse(revokedAt) / 1_000)), { EX: REMEMBER_SECONDS });
  }

  async isRevoked(deviceId: string, issuedAt: number | undefined): Promise<boolean> {
    const revokedAt = await this.redis.get(this.key(deviceId));
    return revokedAt !== null && (issuedAt === undefined || issuedAt <= Number(revokedAt));
  }

  private key(deviceId: string): string {
    return this.keys.key('device-gateway', 'revoked', deviceId);
  }
}
