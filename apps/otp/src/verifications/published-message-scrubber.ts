import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Poller } from '@zagel/concurrency';
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
  private readonly poller: Poller;

  constructor(
    @Inject(OtpConfig) config: OtpConfig,
    private readonly dataSource: DataSource,
  ) {
    this.poller = new Poller({
      name: 'outbox-scrub',
      intervalMs: config.OTP_OUTBOX_SCRUB_INTERVAL_MS,
      task: () => this.scrub().then(() => undefined),
    });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  async scrub(): Promise<number> {
    const [, deleted] = (await this.dataSource.query(`DELETE FROM outbox WHERE type = $1 AND published_at IS NOT NULL`, [
      EventType.MessageRequested,
    ])) as [unknown, number];
    return deleted;
  }
}
