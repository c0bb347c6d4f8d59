import { Injectable } from '@nestjs/common';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';

export const RESPONSE_TTL_SECONDS = 24 * 3_600;
/** How long a claim holds while the first request runs (so a crashed gateway does not block the key for a day). */
export const IN_FLIGHT_TTL_SECONDS = 60;

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
  async claim(scope: string, fingerprint: string, inFlightSeconds = IN_FLIGHT_TTL_SECONDS): Promise<IdempotencyRecord | undefined> {
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

  /** A long first request (a streamed upload) still runs: its claim holds this much longer. */
  async holdClaim(scope: string, seconds: number): Promise<void> {
    await this.redis.expire(this.key(scope), seconds);
  }

  /** The first request failed: the key is free again (failures are not replayed). */
  async release(scope: string): Promise<void> {
    await this.redis.del(this.key(scope));
  }

  private key(scope: string): string {
    return this.keys.key('api-gateway', 'idempotency', scope);
  }
}
