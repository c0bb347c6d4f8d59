import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Poller } from '@zagel/concurrency';
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
  private readonly poller: Poller;

  constructor(
    private readonly leases: LeaseStore,
    private readonly outcomes: LeaseOutcomesUseCase,
    settings: PoolDispatcherConfig,
  ) {
    this.poller = new Poller({ name: 'lease-deadlines', intervalMs: settings.LEASE_POLL_INTERVAL_MS, task: () => this.pollOnce() });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** Handles a batch of the leases due now; true when the batch was full (more may be due). */
  async pollOnce(now = Date.now()): Promise<boolean> {
    const due = await this.leases.due(now, BATCH);
    await Promise.all(due.map((leaseId) => this.outcomes.deadlinePassed(leaseId, now)));
    return due.length === BATCH;
  }
}
