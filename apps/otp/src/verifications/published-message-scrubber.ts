import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventType } from '@zagel/contracts';
import { OtpConfig } from '../config';

/**
 * `message.requested` carries the SMS text, code included, so the outbox must hold it until the
 * relay has published it; after that it is deleted at once instead of being kept for
 * OUTBOX_RETENTION_MS like other published rows. The code then lives in PostgreSQL only for the
 * milliseconds between the commit and the publish.
 */
@Injectable()
export class PublishedMessageScrubber implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PublishedMessageScrubber.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(OtpConfig) private readonly config: OtpConfig,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.scrub()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn(`outbox scrub failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = undefined;
        });
    }, this.config.OTP_OUTBOX_SCRUB_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async scrub(): Promise<number> {
    const [, deleted] = (await this.dataSource.query(`DELETE FROM outbox WHERE type = $1 AND published_at IS NOT NULL`, [
      EventType.MessageRequested,
    ])) as [unknown, number];
    return deleted;
  }
}
