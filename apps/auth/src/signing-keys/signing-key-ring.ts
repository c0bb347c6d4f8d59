import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Poller } from '@zagel/concurrency';
import { PublicJwk } from '@zagel/contracts';
import { AuthConfig } from '../config';
import { generateSigningKey, publicJwk, SigningKeyMaterial } from './jwt';
import { SigningKeysRepository } from './signing-keys.repository';

const DAY_MS = 86_400_000;
/** How long an instance signs with a key it read before reading the current one again. */
const CURRENT_KEY_CACHE_MS = 60_000;

/**
 * The key auth signs with, rotated when it is older than AUTH_SIGNING_KEY_ROTATION_DAYS. A retired
 * key stays published until every token it may have signed has expired (access TTL, plus the time
 * another replica may still have used it from its cache), so rotation never invalidates live tokens.
 */
@Injectable()
export class SigningKeyRing implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SigningKeyRing.name);
  private cached?: { key: SigningKeyMaterial; readAt: number };
  private readonly rotation: Poller;

  constructor(
    private readonly repository: SigningKeysRepository,
    private readonly settings: AuthConfig,
  ) {
    const rotationMs = settings.AUTH_SIGNING_KEY_ROTATION_DAYS * DAY_MS;
    this.rotation = new Poller({
      name: 'signing-key-rotation',
      intervalMs: Math.max(1_000, Math.min(DAY_MS, rotationMs / 4)),
      task: () => this.rotateIfDue().then(() => undefined),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.rotateIfDue();
    this.rotation.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.rotation.stop();
  }

  /** Makes a new current key if there is none or it is due; returns whether it rotated. */
  rotateIfDue(now = new Date()): Promise<boolean> {
    const maxAgeMs = this.settings.AUTH_SIGNING_KEY_ROTATION_DAYS * DAY_MS;
    return this.rotateWhen((createdAt) => createdAt === undefined || now.getTime() - createdAt.getTime() >= maxAgeMs);
  }

  /** Retires the current key now (operators after a suspected leak; tests). */
  async rotate(): Promise<void> {
    await this.rotateWhen(() => true);
  }

  async currentKey(): Promise<SigningKeyMaterial> {
    if (this.cached && Date.now() - this.cached.readAt < CURRENT_KEY_CACHE_MS) return this.cached.key;
    const current = await this.repository.current();
    if (!current) {
      await this.rotateIfDue();
      return this.currentKey();
    }
    this.remember(current);
    return current;
  }

  async publishedKeys(): Promise<PublicJwk[]> {
    const graceSeconds = this.settings.AUTH_ACCESS_TOKEN_TTL_SECONDS + (2 * CURRENT_KEY_CACHE_MS) / 1_000;
    const keys = await this.repository.published(graceSeconds);
    return keys.map((key) => publicJwk(key.kid, key.publicKey));
  }

  private async rotateWhen(due: (createdAt: Date | undefined) => boolean): Promise<boolean> {
    const rotated = await this.repository.locked(async (manager) => {
      const current = await this.repository.current(manager);
      if (!due(current?.createdAt)) return current;
      const fresh = await generateSigningKey();
      await this.repository.replaceCurrent(manager, fresh);
      this.logger.log(`signing key ${fresh.kid} is now current`);
      return { ...fresh, fresh: true as const };
    });
    if (rotated) this.remember(rotated);
    return rotated !== null && 'fresh' in rotated;
  }

  private remember(key: SigningKeyMaterial): void {
    this.cached = { key: { kid: key.kid, publicKey: key.publicKey, privateKey: key.privateKey }, readAt: Date.now() };
  }
}
