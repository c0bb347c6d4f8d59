import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Poller } from '@zagel/concurrency';
import { InjectRedis, RedisClient } from '@zagel/redis';
import { PoolDispatcherConfig } from '../config';
import { PoolStore } from '../pools/pool-store';
import { SendCanariesUseCase } from './send-canaries.use-case';

/**
 * Runs the canary round every CANARY_INTERVAL_MS on one instance at a time: each instance polls, and
 * the one that takes the round's lock in Redis runs it (a crashed holder's lock lapses by the next round).
 */
@Injectable()
export class CanaryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: Poller;
  private readonly instance = `${process.pid}:${Math.random().toString(36).slice(2)}`;

  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly pools: PoolStore,
    private readonly canaries: SendCanariesUseCase,
    private readonly settings: PoolDispatcherConfig,
  ) {
    this.poller = new Poller({ name: 'canaries', intervalMs: settings.CANARY_INTERVAL_MS, task: () => this.round() });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  async round(): Promise<boolean> {
    const lock = await this.redis.set(this.pools.key('canary-round'), this.instance, { NX: true, PX: Math.max(100, Math.floor(this.settings.CANARY_INTERVAL_MS * 0.9)) });
    if (lock !== 'OK') return false;
    const more = await this.canaries.closeOverdue();
    await this.canaries.sendDue();
    return more;
  }
}
