import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MessageRequestedPayload, MessageStatusPayload, OtpVerifiedPayload } from '@zagel/contracts';
import { Inbox } from '@zagel/database';
import { normalizePhoneNumber } from '@zagel/phone';
import { analyzeSms } from '@zagel/sms-encoding';
import { IngestionConfig } from '../config';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { advances, STATUS_RANK } from './message-status-rank';
import { HistoryEntry, MessageRow, MessagesRepository } from './messages.repository';
import { statusCallback } from './status-callback';

const STATUS_CONSUMER = 'ingestion.message-status';
const ADOPTION_CONSUMER = 'ingestion.message-requested';
const OTP_CONSUMER = 'ingestion.otp-verified';

/** What a verification's message shows as its text: encoding and segments are counted from the real one. */
export const OTP_BODY_NOT_STORED = '[verification code message; the text is not stored]';

/**
 * Keeps each message's record in step with the `message.*` events: every event lands in the history
 * once (Inbox), the message only moves up the status rank, and each move queues the customer's callback.
 */
@Injectable()
export class RecordStatusUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: MessagesRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly settings: IngestionConfig,
  ) {}

  async statusChanged(event: MessageStatusPayload, eventId: string): Promise<void> {
    const entry: HistoryEntry = {
      messageId: event.messageId,
      organizationId: event.organizationId,
      status: event.status,
      at: new Date(event.at),
      route: event.route,
      deviceId: event.deviceId,
      provider: event.provider,
      providerMessageId: event.providerMessageId,
      errorCode: event.errorCode,
    };
    await Inbox.runOnce(this.dataSource, STATUS_CONSUMER, eventId, async (manager) => {
      // Ingestion's own events (canceled, expired) come back here already recorded: the history ignores them.
      if ((await this.messages.recordHistory(manager, [entry])) === 0) return;
      const message = await this.messages.lock(manager, entry.organizationId, entry.messageId);
      // A status for a message not adopted yet stays in the history; adoption replays it.
      if (message) await this.apply(manager, message, entry);
    });
  }

  /**
   * Messages other services request for a customer (OTP codes: ingestion binds `message.requested.*.otp`)
   * get a record too, so they are listed, tracked and counted.
   */
  async requested(event: MessageRequestedPayload, eventId: string, occurredAt?: string): Promise<void> {
    const number = normalizePhoneNumber(event.to);
    const analysis = analyzeSms(event.body);
    await Inbox.runOnce(this.dataSource, ADOPTION_CONSUMER, eventId, async (manager) => {
      // Queued when otp requested it, not when this consumer got to it: the router may have pushed it
      // to a phone in between, and `routing` must not come before `queued` in the history.
      const at = occurredAt ? new Date(occurredAt) : new Date();
      const adopted = await this.messages.adopt(
        manager,
        {
          id: event.messageId,
          organizationId: event.organizationId,
          to: event.to,
          country: number.ok ? number.country : 'ZZ',
          // The text carries the one-time code, which is never stored in clear anywhere (otp keeps only its HMAC).
          body: OTP_BODY_NOT_STORED,
          type: event.messageType,
          routePreference: event.route,
          status: 'queued',
          encoding: analysis.encoding,
          segments: analysis.segments,
          price: 0,
          currency: '',
          priority: event.priority,
          expiresAt: event.expiresAt ? new Date(event.expiresAt) : undefined,
        },
        at,
      );
      if (!adopted) return;
      await this.messages.recordHistory(manager, [{ messageId: event.messageId, organizationId: event.organizationId, status: 'queued', at }]);
      const history = await this.messages.history(event.organizationId, event.messageId, manager);
      const furthest = history.reduce<(typeof history)[number] | undefined>(
        (best, item) => (!best || STATUS_RANK[item.status] > STATUS_RANK[best.status] ? item : best),
        undefined,
      );
      const message = await this.messages.lock(manager, event.organizationId, event.messageId);
      if (furthest && message && advances(message.status, furthest.status)) {
        await this.apply(manager, message, {
          messageId: event.messageId,
          organizationId: event.organizationId,
          status: furthest.status,
          at: furthest.at,
          route: furthest.route ?? undefined,
          deviceId: furthest.device_id ?? undefined,
          provider: furthest.provider ?? undefined,
          providerMessageId: furthest.provider_message_id ?? undefined,
          errorCode: furthest.error_code ?? undefined,
        });
      }
    });
  }

  async otpVerified(event: OtpVerifiedPayload, eventId: string): Promise<void> {
    await Inbox.runOnce(this.dataSource, OTP_CONSUMER, eventId, async (manager) => {
      await manager.query(
        `INSERT INTO otp_conversions (message_id, organization_id, verified_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [event.messageId, event.organizationId, new Date(event.verifiedAt)],
      );
    });
  }

  private async apply(manager: EntityManager, message: MessageRow, entry: HistoryEntry): Promise<void> {
    const advance = advances(message.status, entry.status);
    await this.messages.applyStatus(manager, entry, advance);
    if (advance) {
      await this.webhooks.enqueue(
        manager,
        [statusCallback(message, { status: entry.status, at: entry.at, errorCode: entry.errorCode, route: entry.route })],
        this.settings.WEBHOOKS_RETRY_WINDOW_SECONDS,
      );
    }
  }
}
