import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PoolDispatcherConfig } from '../config';
import { LeaseOutcomesUseCase } from './lease-outcomes.use-case';
import { LeaseStore } from './lease-store';

const BATCH = 200;

/**
 * Every instance polls the shared deadline set; each due lease is claimed by an atomic state move,
 * so with several instances exactly one acts on it, and a restart loses no timer (they live in Redis).
 */
@Injectable()
export class LeaseDeadlinePoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LeaseDeadlinePoller.name);
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly leases: LeaseStore,
    private readonly outcomes: LeaseOutcomesUseCase,
    private readonly settings: PoolDispatcherConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.pollOnce()
        .catch((error: unknown) => this.logger.error(`lease deadlines: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.schedule());
    }, this.settings.LEASE_POLL_INTERVAL_MS);
  }

  /** Handles every lease due now; returns how many were looked at. */
  async pollOnce(now = Date.now()): Promise<void> {
    const due = await this.leases.due(now, BATCH);
    await Promise.all(due.map((leaseId) => this.outcomes.deadlinePassed(leaseId, now)));
  }
}
