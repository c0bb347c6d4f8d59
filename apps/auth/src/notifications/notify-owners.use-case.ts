import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Inbox } from '@zagel/database';
import { OwnerEmailSender } from './owner-email-sender';
import { OwnerNotice } from './owner-notices';
import { OwnerNotificationsRepository } from './owner-notifications.repository';

const CONSUMER = 'auth.owner-notifications';
/** How long an email is retried before it is given up. */
const GIVE_UP_AFTER_SECONDS = 24 * 3600;

export interface OrganizationEvent {
  organizationId: string;
  /** The bus message id: the same event redelivered is recognised by it. */
  eventId: string;
}

/**
 * Queues one email per owner of the organization, exactly once per event (inbox + a unique row per
 * event and recipient), then wakes the sender. Only loaded when SMTP_URL is set (auth.app.ts).
 */
@Injectable()
export class NotifyOwnersUseCase {
  private readonly logger = new Logger(NotifyOwnersUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: OwnerNotificationsRepository,
    private readonly sender: OwnerEmailSender,
  ) {}

  async execute(event: OrganizationEvent, notice: (organizationName: string) => OwnerNotice): Promise<void> {
    const outcome = await Inbox.runOnce(this.dataSource, CONSUMER, event.eventId, async (manager) => {
      const owners = await this.notifications.owners(manager, event.organizationId);
      if (!owners) {
        this.logger.warn(`no owner to notify in organization ${event.organizationId}`);
        return 0;
      }
      return this.notifications.enqueue(manager, event.eventId, event.organizationId, notice(owners.name), owners.emails, GIVE_UP_AFTER_SECONDS);
    });
    if (outcome.claimed && outcome.result > 0) this.sender.wake();
  }
}
