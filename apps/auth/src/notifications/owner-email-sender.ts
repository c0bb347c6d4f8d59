import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Poller } from '@zagel/concurrency';
import { OwnerNotificationRow, OwnerNotificationsRepository } from './owner-notifications.repository';
import { SmtpMailer } from './smtp-mailer';

const BATCH = 20;
const POLL_INTERVAL_MS = 5_000;
/** Longer than nodemailer's own connection and greeting timeouts, so a send in flight keeps its lease. */
const LEASE_SECONDS = 180;
const FIRST_RETRY_SECONDS = 30;
const MAX_RETRY_SECONDS = 3_600;

/** 30 s, 1 min, 2 min, ... up to an hour between attempts. */
export function emailRetryDelaySeconds(attempts: number): number {
  return Math.min(FIRST_RETRY_SECONDS * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_SECONDS);
}

/**
 * Sends the queued owner emails: woken right after they are queued, and every few seconds for retries
 * and for what a crash left leased. Each instance leases its rows (SKIP LOCKED), so two never send
 * one row at once; an email the server accepted just before a crash may go again (its Message-ID is
 * the same, which mail clients use to drop the copy).
 */
@Injectable()
export class OwnerEmailSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OwnerEmailSender.name);
  private readonly poller = new Poller({ name: 'owner-emails', intervalMs: POLL_INTERVAL_MS, task: () => this.sendDue(), runAtStart: true });

  constructor(
    private readonly notifications: OwnerNotificationsRepository,
    private readonly mailer: SmtpMailer,
  ) {}

  onApplicationBootstrap(): void {
    if (this.mailer.enabled) this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  wake(): void {
    this.poller.wake();
  }

  async sendDue(): Promise<boolean> {
    const due = await this.notifications.lease(BATCH, LEASE_SECONDS);
    for (const email of due) await this.send(email);
    return due.length === BATCH;
  }

  private async send(email: OwnerNotificationRow): Promise<void> {
    try {
      await this.mailer.send({
        to: email.recipient,
        subject: email.subject,
        text: email.text_body,
        html: email.html_body,
        messageId: `<${email.id}@notifications.zagel>`,
      });
      await this.notifications.markSent(email.id);
    } catch (failure) {
      const error = failure instanceof Error ? failure.message : String(failure);
      const retryAt = new Date(Date.now() + emailRetryDelaySeconds(email.attempts) * 1000);
      const willRetry = retryAt <= email.give_up_at;
      // The recipient is not logged: an email address is personal data.
      this.logger.warn(`owner email ${email.id} (organization ${email.organization_id}) failed${willRetry ? ', will retry' : ', given up'}: ${error}`);
      await this.notifications.markFailed(email.id, error, willRetry ? retryAt : null);
    }
  }
}
