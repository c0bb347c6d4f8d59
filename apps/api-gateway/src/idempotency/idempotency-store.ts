import { Injectable } from '@nestjs/common';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';

export const RESPONSE_TTL_SECONDS = 24 * 3_600;
/**
 * A claim's lease: the request that holds it renews it while it runs (every third of the lease), so
 * the key of a request whose gateway crashed is free again within this, not after a minute.
 */
export const CLAIM_LEASE_SECONDS = 15;

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type IdempotencyRecord =
  | { state: 'in_progress'; fingerprint: string }
  | { state: 'done'; fingerprint: string; response: StoredResponse };

/** Records of idempotent requests in Redis, by scope (see idempotencyScope). */
@Injectable()
export class IdempotencyStore {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** Claims the scope for a first request; the existing record when someone was first. */
  async claim(scope: string, fingerprint: string, inFlightSeconds = CLAIM_LEASE_SECONDS): Promise<IdempotencyRecord | undefined> {
    const record: IdempotencyRecord = { state: 'in_progress', fingerprint };
    const claimed = await this.redis.set(this.key(scope), JSON.stringify(record), { NX: true, EX: inFlightSeconds });
    if (claimed === 'OK') return undefined;
    const existing = await this.redis.get(this.key(scope));
    // Expired between the two calls: treat as in progress; the client's retry will claim it.
    return existing ? (JSON.parse(existing) as IdempotencyRecord) : record;
  }

  async complete(scope: string, fingerprint: string, response: StoredResponse): Promise<void> {
    const record: IdempotencyRecord = { state: 'done', fingerprint, response };
    await this.redis.set(this.key(scope), JSON.stringify(record), { EX: RESPONSE_TTL_SECONDS });
  }

  /**
   * A long first request (a streamed upload) still runs: its claim holds at least this much longer
   * (`GT`: never shortens a longer hold taken before a long step).
   */
  async holdClaim(scope: string, seconds: number): Promise<void> {
    await this.redis.expire(this.key(scope), seconds, 'GT');
  }

  /** Runs the claimed request's work, renewing the claim's lease until it ends. */
  async whileClaimed<T>(scope: string, work: () => Promise<T>, leaseSeconds = CLAIM_LEASE_SECONDS): Promise<T> {
    const renewal = setInterval(() => {
      this.holdClaim(scope, leaseSeconds).catch(() => undefined);
    }, (leaseSeconds * 1_000) / 3);
    try {
      return await work();
    } finally {
      clearInterval(renewal);
    }
  }

  /** The first request failed: the key is free again (failures are not replayed). */
  async release(scope: string): Promise<void> {
    await this.redis.del(this.key(scope));
  }

  private key(scope: string): string {
    return this.keys.key('api-gateway', 'idempotency', scope);
  }
}
