import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ExpiringCache } from '@zagel/concurrency';
import { AuthErrorCode, ResolveApiKey, ResolvedApiKey } from '@zagel/contracts';
import { BusClient, InjectBusClient, RpcRemoteError } from '@zagel/messaging';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { ApiGatewayConfig } from '../config';

const RESOLVE_TIMEOUT_MS = 3_000;

/** How long one instance trusts a key it resolved without asking Redis again: a revocation reaches every instance within it. */
export const LOCAL_CREDENTIAL_CACHE_MS = 2_000;

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * API keys as auth resolves them, cached in Redis under the key's SHA-256 (shared by every gateway
 * instance, never the key itself). A revocation event deletes the entry and marks the key id
 * revoked for one TTL, so a resolve racing with the revocation cannot cache it again. Each instance
 * also keeps what it resolved for LOCAL_CREDENTIAL_CACHE_MS, in its own memory by the key as presented
 * (the request holds it anyway), so a steady client costs no hash and no round trip.
 */
@Injectable()
export class ApiKeyCache {
  private readonly logger = new Logger(ApiKeyCache.name);
  private readonly local = new ExpiringCache<ResolvedApiKey>(10_000);
  /** The key each locally cached key id was presented as, so a revocation drops it from `local`. */
  private readonly localKeys = new ExpiringCache<string>(10_000);

  constructor(
    @InjectBusClient('auth') private readonly auth: BusClient,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly settings: ApiGatewayConfig,
  ) {}

  /** The key's identity, or undefined when auth does not know it (or it was revoked). */
  async resolve(key: string): Promise<ResolvedApiKey | undefined> {
    const known = this.local.get(key);
    if (known) return known;
    const hash = hashApiKey(key);
    const cached = await this.redis.get(this.entryKey(hash));
    if (cached) return this.remember(key, JSON.parse(cached) as ResolvedApiKey);

    let resolved: ResolvedApiKey;
    try {
      resolved = await this.auth.call(ResolveApiKey, { key }, { timeoutMs: RESOLVE_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof RpcRemoteError && [AuthErrorCode.InvalidApiKey, AuthErrorCode.NotFound].includes(error.code as never)) {
        return undefined;
      }
      throw error;
    }
    if ((await this.redis.exists(this.revokedKey(resolved.apiKeyId))) > 0) return undefined;
    const ttl = this.settings.API_KEY_CACHE_TTL_SECONDS;
    await this.redis
      .multi()
      .set(this.entryKey(hash), JSON.stringify(resolved), { EX: ttl })
      .set(this.indexKey(resolved.apiKeyId), hash, { EX: ttl })
      .exec();
    return this.remember(key, resolved);
  }

  private remember(key: string, resolved: ResolvedApiKey): ResolvedApiKey {
    this.local.set(key, resolved, LOCAL_CREDENTIAL_CACHE_MS);
    this.localKeys.set(resolved.apiKeyId, key, LOCAL_CREDENTIAL_CACHE_MS);
    return resolved;
  }

  async forget(apiKeyId: string): Promise<void> {
    const hash = await this.redis.get(this.indexKey(apiKeyId));
    const ttl = this.settings.API_KEY_CACHE_TTL_SECONDS;
    const transaction = this.redis.multi().set(this.revokedKey(apiKeyId), '1', { EX: ttl }).del(this.indexKey(apiKeyId));
    if (hash) transaction.del(this.entryKey(hash));
    const presented = this.localKeys.get(apiKeyId);
    if (presented) this.local.delete(presented);
    await transaction.exec();
    this.logger.log(`API key ${apiKeyId} revoked: cache cleared`);
  }

  private entryKey(hash: string): string {
    return this.keys.key('api-gateway', 'api-key', hash);
  }

  private indexKey(apiKeyId: string): string {
    return this.keys.key('api-gateway', 'api-key-id', apiKeyId);
  }

  private revokedKey(apiKeyId: string): string {
    return this.keys.key('api-gateway', 'api-key-revoked', apiKeyId);
  }
}
