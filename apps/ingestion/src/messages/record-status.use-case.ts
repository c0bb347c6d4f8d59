import { Injectable } from '@nestjs/common';
import { MessageRequestedPayload, MessageStatusPayload, OtpVerifiedPayload } from '@zagel/contracts';
import { normalizePhoneNumber } from '@zagel/phone';
import { analyzeSms } from '@zagel/sms-encoding';
import { MessageEventLog } from './message-event-log';

/** What a verification's message shows as its text: encoding and segments are counted from the real one. */
export const OTP_BODY_NOT_STORED = '[verification code message; the text is not stored]';

/**
 * Keeps each message's record in step with the single `message.*` events: every step lands in the
 * history once, the message only moves up the status rank, and each move queues the customer's
 * callback. The events are recorded in group commits (MessageEventLog); each call resolves once its
 * event is committed.
 */
@Injectable()
export class RecordStatusUseCase {
  constructor(private readonly log: MessageEventLog) {}

  /** Ingestion's own events (canceled, expired) come back here already recorded: the history ignores them. */
  statusChanged(event: MessageStatusPayload): Promise<void> {
    return this.log.record(event.origin, {
      kind: 'status',
      step: {
        messageId: event.messageId,
        organizationId: event.organizationId,
        status: event.status,
        at: new Date(event.at),
        route: event.route,
        deviceId: event.deviceId,
        provider: event.provider,
        providerAccountId: event.providerAccountId,
        providerMessageId: event.providerMessageId,
        errorCode: event.errorCode,
      },
    });
  }

  /**
   * Messages other services request for a customer (OTP codes: ingestion binds `message.requested.*.otp`)
   * get a record too, so they are listed, tracked and counted.
   */
  requested(event: MessageRequestedPayload, occurredAt?: string): Promise<void> {
    const number = normalizePhoneNumber(event.to);
    const analysis = analyzeSms(event.body);
    return this.log.record('otp', {
      kind: 'requested',
      draft: {
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
        format: event.format ?? 'text',
        priority: 'high',
        expiresAt: event.expiresAt ? new Date(event.expiresAt) : undefined,
      },
      // Queued when otp requested it, not when this consumer got to it: the router may have pushed it
      // to a phone in between, and `routing` must not come before `queued` in the history.
      at: occurredAt ? new Date(occurredAt) : new Date(),
    });
  }

  otpVerified(event: OtpVerifiedPayload): Promise<void> {
    return this.log.record('otp', {
      kind: 'verified',
      messageId: event.messageId,
      organizationId: event.organizationId,
      verifiedAt: new Date(event.verifiedAt),
    });
  }
}
