import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import { GetSigningKeys, JsonWebKeySet, PublicJwk } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { TOKEN_ALGORITHM } from './token-claims';

const AUTH_SERVICE = 'auth';
const FETCH_TIMEOUT_MS = 2_000;
/** An unknown `kid` triggers a refetch at most this often, so forged kids cannot hammer auth. */
export const REFETCH_INTERVAL_MS = 3_000;
const RETRY_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * The public keys auth signs tokens with, by `kid`, fetched over the bus (`GetSigningKeys`).
 * Loaded at start; while auth does not answer the app still starts, and loading is retried in the
 * background. A token naming an unknown kid (a key rotated in) triggers a refetch; inside the
 * throttle window it waits for the next allowed one instead of being refused, so a key rotated in
 * right after a fetch is accepted a moment later, and forged kids still cost auth one fetch per window.
 */
@Injectable()
export class SigningKeyCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SigningKeyCache.name);
  private keys = new Map<string, KeyObject>();
  private published: PublicJwk[] = [];
  private lastAttemptAt = 0;
  private inFlight?: Promise<boolean>;
  private deferred?: Promise<boolean>;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly bus: Bus) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!(await this.refresh())) this.scheduleRetry(0);
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  /**
   * The key for `kid`, refetching the set if it is unknown: at once while no key is loaded yet
   * (auth came up after this app), else at most once per REFETCH_INTERVAL_MS.
   */
  async keyFor(kid: string): Promise<KeyObject | undefined> {
    const known = this.keys.get(kid);
    if (known) return known;
    if (this.inFlight) await this.inFlight;
    if (this.keys.has(kid)) return this.keys.get(kid);
    await this.refreshWithinThrottle();
    return this.keys.get(kid);
  }

  /** The JWKS as auth published it (for `/.well-known/jwks.json`); refetched while still empty. */
  async jwks(): Promise<JsonWebKeySet> {
    if (this.published.length === 0) await this.refresh();
    return { keys: this.published };
  }

  get size(): number {
    return this.keys.size;
  }

  /** Fetches the key set now (sharing a fetch already under way); false if auth did not answer. */
  refresh(): Promise<boolean> {
    this.inFlight ??= this.fetch().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** A fetch now if the last one is older than REFETCH_INTERVAL_MS (or nothing is loaded), else one shared fetch once it is. */
  private refreshWithinThrottle(): Promise<boolean> {
    const waitMs = this.keys.size === 0 ? 0 : this.lastAttemptAt + REFETCH_INTERVAL_MS - Date.now();
    if (waitMs <= 0) return this.refresh();
    this.deferred ??= new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref())
      .then(() => (this.stopped ? false : this.refresh()))
      .finally(() => {
        this.deferred = undefined;
      });
    return this.deferred;
  }

  private async fetch(): Promise<boolean> {
    this.lastAttemptAt = Date.now();
    try {
      const set = await this.bus.rpc.call(GetSigningKeys, AUTH_SERVICE, {}, { timeoutMs: FETCH_TIMEOUT_MS });
      this.install(set.keys);
      return true;
    } catch (error) {
      this.logger.warn(`signing keys not loaded: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  private install(jwks: PublicJwk[]): void {
    const keys = new Map<string, KeyObject>();
    for (const jwk of jwks) {
      if (jwk.kty !== 'RSA' || jwk.alg !== TOKEN_ALGORITHM) continue;
      try {
        keys.set(jwk.kid, createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e } as JsonWebKey, format: 'jwk' }));
      } catch (error) {
        this.logger.warn(`signing key ${jwk.kid} is unusable: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.keys = keys;
    this.published = jwks.filter((jwk) => keys.has(jwk.kid));
  }

  private scheduleRetry(attempt: number): void {
    if (this.stopped) return;
    const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
    this.retryTimer = setTimeout(() => {
      if (this.keys.size > 0) return;
      void this.refresh().then((loaded) => {
        if (!loaded) this.scheduleRetry(attempt + 1);
      });
    }, delay);
    this.retryTimer.unref();
  }
}
