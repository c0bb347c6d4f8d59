import { Injectable } from '@nestjs/common';
import { ExpiringCache } from '@zagel/concurrency';
import { MembershipRevokedPayload } from '@zagel/contracts';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { LOCAL_CREDENTIAL_CACHE_MS } from './api-key-cache';

/** Longer than any access token lives: after that, no token issued before the removal is left. */
const REMEMBER_SECONDS = 24 * 60 * 60;

/**
 * Members removed from an organization, shared by every gateway instance through Redis: an access
 * token issued before the removal no longer acts for that organization, though it has not expired.
 * Each instance remembers an answer for LOCAL_CREDENTIAL_CACHE_MS.
 */
@Injectable()
export class RevokedMemberships {
  private readonly local = new ExpiringCache<number | null>(10_000);

  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async remember(event: MembershipRevokedPayload): Promise<void> {
    const revokedAt = Math.floor(Date.parse(event.at) / 1_000);
    await this.redis.set(this.key(event.organizationId, event.userId), String(revokedAt), { EX: REMEMBER_SECONDS });
    this.local.delete(this.key(event.organizationId, event.userId));
  }

  /** True when the user was removed from the organization after (or in the second) the token was issued. */
  async revokedFor(organizationId: string, userId: string, issuedAt: number | undefined): Promise<boolean> {
    const key = this.key(organizationId, userId);
    let revokedAt = this.local.get(key);
    if (revokedAt === undefined) {
      const stored = await this.redis.get(key);
      revokedAt = stored === null ? null : Number(stored);
      this.local.set(key, revokedAt, LOCAL_CREDENTIAL_CACHE_MS);
    }
    return revokedAt !== null && (issuedAt === undefined || issuedAt <= revokedAt);
  }

  private key(organizationId: string, userId: string): string {
    return this.keys.key('api-gateway', 'revoked-memberships', organizationId, userId);
  }
}
