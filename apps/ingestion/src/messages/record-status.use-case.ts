import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessageRequestedPayload, MessageStatusPayload, OtpVerifiedPayload } from '@zagel/contracts';
import { Inbox } from '@zagel/database';
import { normalizePhoneNumber } from '@zagel/phone';
import { analyzeSms } from '@zagel/sms-encoding';
import { STATUS_RANK } from './message-status-rank';
import { MessageStatusRecorder } from './message-status-recorder';
import { HistoryEntry, MessagesRepository } from './messages.repository';

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
    private readonly recorder: MessageStatusRecorder,
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
    // Ingestion's own events (canceled, expired) come back here already recorded: the history ignores them.
    await Inbox.runOnce(this.dataSource, STATUS_CONSUMER, eventId, (manager) => this.recorder.record(manager, [entry]));
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
      if (furthest) {
        await this.recorder.apply(manager, [{
          messageId: event.messageId,
          organizationId: event.organizationId,
          status: furthest.status,
          at: furthest.at,
          route: furthest.route ?? undefined,
          deviceId: furthest.device_id ?? undefined,
          provider: furthest.provider ?? undefined,
          providerMessageId: furthest.provider_message_id ?? undefined,
          errorCode: furthest.error_code ?? undefined,
        }]);
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
}
