import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ListSuspendedOrganizations, OrganizationStatusChangedPayload } from '@zagel/contracts';
import { BusClient, InjectBusClient } from '@zagel/messaging';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { LOCAL_CREDENTIAL_CACHE_MS } from './api-key-cache';

const LOAD_TIMEOUT_MS = 3_000;
const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * The organizations whose keys and tokens must stop working: a Redis set every gateway instance
 * reads, loaded from auth at start (retried in the background until auth answers) and kept
 * current by `auth.organization-status-changed` events (each goes to one instance; the set is shared).
 * Each instance reads the whole set at most once per LOCAL_CREDENTIAL_CACHE_MS.
 */
@Injectable()
export class SuspendedOrganizations implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SuspendedOrganizations.name);
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  private snapshot?: { members: Promise<Set<string>>; until: number };

  constructor(
    @InjectBusClient('auth') private readonly auth: BusClient,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!(await this.load())) this.retry(0);
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  async statusChanged(event: OrganizationStatusChangedPayload): Promise<void> {
    if (event.status === 'suspended') await this.redis.sAdd(this.setKey(), event.organizationId);
    else await this.redis.sRem(this.setKey(), event.organizationId);
    this.snapshot = undefined;
  }

  async isSuspended(organizationId: string): Promise<boolean> {
    return (await this.members()).has(organizationId);
  }

  private members(): Promise<Set<string>> {
    const now = Date.now();
    if (!this.snapshot || this.snapshot.until <= now) {
      const members = this.redis.sMembers(this.setKey()).then((ids) => new Set(ids));
      this.snapshot = { members, until: now + LOCAL_CREDENTIAL_CACHE_MS };
      members.catch(() => {
        this.snapshot = undefined;
      });
    }
    return this.snapshot.members;
  }

  /** Replaces the set with what auth reports (so a reactivation missed while no gateway ran is not kept). */
  async load(): Promise<boolean> {
    try {
      const { organizationIds } = await this.auth.call(ListSuspendedOrganizations, {}, { timeoutMs: LOAD_TIMEOUT_MS });
      const transaction = this.redis.multi().del(this.setKey());
      if (organizationIds.length > 0) transaction.sAdd(this.setKey(), organizationIds);
      await transaction.exec();
      this.snapshot = undefined;
      return true;
    } catch (error) {
      this.logger.warn(`suspended organizations not loaded: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  private retry(attempt: number): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => {
      void this.load().then((loaded) => {
        if (!loaded) this.retry(attempt + 1);
      });
    }, RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]);
    this.retryTimer.unref();
  }

  private setKey(): string {
    return this.keys.key('api-gateway', 'suspended-organizations');
  }
}
