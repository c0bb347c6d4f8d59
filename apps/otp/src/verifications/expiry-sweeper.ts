import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
  private readonly logger = new Logger(ExpirySweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(OtpConfig) private readonly config: OtpConfig,
    private readonly dataSource: DataSource,
    private readonly verifications: VerificationsRepository,
    private readonly transitions: VerificationTransitions,
    private readonly codes: CodeStore,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn(`expiry sweep failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = undefined;
        });
    }, this.config.OTP_EXPIRY_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
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
