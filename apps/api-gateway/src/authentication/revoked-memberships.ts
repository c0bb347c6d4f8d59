import { Injectable, OnModuleInit } from '@nestjs/common';
import { MembershipRevoked } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';

/** Longer than any access token lives: after that, no token issued before the removal is left. */
const REMEMBER_SECONDS = 24 * 60 * 60;

/**
 * Members removed from an organization, shared by every gateway instance through Redis: an access
 * token issued before the removal no longer acts for that organization, though it has not expired.
 */
@Injectable()
export class RevokedMemberships implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  onModuleInit(): void {
    this.bus.onEvent(MembershipRevoked, async (event) => {
      const revokedAt = Math.floor(Date.parse(event.at) / 1_000);
      await this.redis.set(this.key(event.organizationId, event.userId), String(revokedAt), { EX: REMEMBER_SECONDS });
    });
  }

  /** True when the user was removed from the organization after (or in the second) the token was issued. */
  async revokedFor(organizationId: string, userId: string, issuedAt: number | undefined): Promise<boolean> {
    const revokedAt = await this.redis.get(this.key(organizationId, userId));
    return revokedAt !== null && (issuedAt === undefined || issuedAt <= Number(revokedAt));
  }

  private key(organizationId: string, userId: string): string {
    return this.keys.key('api-gateway', 'revoked-memberships', organizationId, userId);
  }
}
