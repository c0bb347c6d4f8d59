import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OtpVerificationStatusPayload } from '@zagel/contracts';
import { Inbox } from '@zagel/database';
import { IngestionConfig } from '../config';
import { NewDelivery, WebhooksRepository } from './webhooks.repository';

export const VERIFICATION_CALLBACK_EVENT = 'verification.status';

const CONSUMER = 'ingestion.verification-status';

/** The body a customer's endpoint receives when one of its verifications changes status. */
export function verificationCallback(event: OtpVerificationStatusPayload): NewDelivery {
  return {
    organizationId: event.organizationId,
    // Ordered like a message's callbacks: one verification's changes reach the endpoint in turn.
    messageId: event.verificationId,
    callbackUrl: event.callbackUrl ?? null,
    event: VERIFICATION_CALLBACK_EVENT,
    payload: {
      event: VERIFICATION_CALLBACK_EVENT,
      verificationId: event.verificationId,
      status: event.status,
      timestamp: event.at,
      to: event.to,
      attempts: event.attempts,
      sendCount: event.sendCount,
      sendStatus: event.sendStatus ?? null,
      metadata: event.metadata ?? null,
    },
  };
}

/**
 * The otp service announces every verification status change; ingestion, which owns customer
 * webhooks, queues the signed callback (to the verification's `callbackUrl` or the organization's
 * default) exactly once per event.
 */
@Injectable()
export class VerificationCallbacks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhooksRepository,
    private readonly settings: IngestionConfig,
  ) {}

  /**
   * A change with nowhere to go (no callback URL, no organization webhook) is one read: no transaction
   * and no inbox row, since there is nothing a redelivery could queue twice.
   */
  async queue(event: OtpVerificationStatusPayload, eventId: string): Promise<void> {
    const deliveries = await this.webhooks.withSomewhereToGo(this.dataSource.manager, [verificationCallback(event)]);
    if (deliveries.length === 0) return;
    await Inbox.runOnce(this.dataSource, CONSUMER, eventId, async (manager) => {
      await this.webhooks.enqueue(manager, deliveries, this.settings.WEBHOOKS_RETRY_WINDOW_SECONDS, { filtered: true });
    });
  }
}
