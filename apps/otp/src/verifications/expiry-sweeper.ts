import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Poller } from '@zagel/concurrency';
import { OtpConfig } from '../config';
import { CodeStore } from './code-store';
import { VerificationTransitions } from './verification-transitions';
import { VerificationsRepository } from './verifications.repository';

const SWEEP_BATCH = 500;

/**
 * Marks pending verifications expired once their time is up, so their `expired` status event goes
 * out even if nobody reads them (reads apply expiry themselves). Replicas skip each other's rows.
 */
@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly poller: Poller;

  constructor(
    @Inject(OtpConfig) config: OtpConfig,
    private readonly dataSource: DataSource,
    private readonly verifications: VerificationsRepository,
    private readonly transitions: VerificationTransitions,
    private readonly codes: CodeStore,
  ) {
    this.poller = new Poller({
      name: 'expiry-sweep',
      intervalMs: config.OTP_EXPIRY_SWEEP_INTERVAL_MS,
      task: () => this.sweep().then(() => undefined),
    });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** Expires one batch; returns how many sessions it expired. */
  async sweep(now = new Date()): Promise<number> {
    const expired = await this.dataSource.transaction(async (manager) => {
      const ids = await this.verifications.lockExpired(manager, now, SWEEP_BATCH);
      for (const id of ids) await this.transitions.finishIn(manager, id, 'expired');
      return ids;
    });
    await Promise.all(expired.map((id) => this.codes.remove(id)));
    return expired.length;
  }
}
