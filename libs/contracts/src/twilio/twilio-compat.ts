import { createHmac } from 'node:crypto';
import { MessageStatus } from '../messages/message-types';

/**
 * Twilio's wire shapes, as Zagel's Twilio-compatible facade speaks them: the gateway renders its
 * resources with them and ingestion posts Twilio-form status callbacks with them.
 */
export const TWILIO_API_VERSION = '2010-04-01';

/** Twilio's SID prefixes for what Zagel shows in Twilio's form. */
export const TwilioSidPrefix = {
  Account: 'AC',
  ApiKey: 'SK',
  Message: 'SM',
  VerifyService: 'VA',
  Verification: 'VE',
  VerificationAttempt: 'VL',
} as const;
export type TwilioSidPrefix = (typeof TwilioSidPrefix)[keyof typeof TwilioSidPrefix];

/** A Zagel id (UUID) in Twilio's form: the prefix and the UUID's 32 hex digits, lowercase, without dashes. */
export function twilioSid(prefix: TwilioSidPrefix, uuid: string): string {
  return `${prefix}${uuid.replace(/-/g, '').toLowerCase()}`;
}

/** The UUID a SID of this kind stands for; undefined when it is not one. */
export function uuidOfTwilioSid(prefix: TwilioSidPrefix, sid: string): string | undefined {
  const match = new RegExp(`^${prefix}([0-9a-fA-F]{32})$`).exec(sid);
  if (!match) return undefined;
  const hex = match[1].toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const TWILIO_MESSAGE_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'receiving',
  'received',
  'read',
] as const;
export type TwilioMessageStatus = (typeof TWILIO_MESSAGE_STATUSES)[number];

const STATUS_IN_TWILIO: Record<MessageStatus, TwilioMessageStatus> = {
  queued: 'queued',
  scheduled: 'scheduled',
  routing: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  failed: 'failed',
  undelivered: 'undelivered',
  canceled: 'canceled',
  // Twilio has no `expired`: a message past its validity period is `failed` (error 30036).
  expired: 'failed',
};

export function twilioMessageStatus(status: MessageStatus): TwilioMessageStatus {
  return STATUS_IN_TWILIO[status];
}

/** Twilio's error codes for Zagel's send-time refusals and delivery error codes. */
export const TWILIO_ERROR_CODES = {
  InvalidParameter: 20001,
  Authenticate: 20003,
  Forbidden: 20403,
  NotFound: 20404,
  TooManyRequests: 20429,
  InternalServerError: 20500,
  ServiceUnavailable: 20503,
  InvalidToNumber: 21211,
  MessageBodyRequired: 21602,
  FromOrServiceRequired: 21603,
  ToRequired: 21604,
  OptedOut: 21610,
  NumberNotSmsCapable: 21614,
  BodyTooLong: 21617,
  InvalidStatusCallback: 21609,
  QueueOverflow: 30001,
  UnreachableHandset: 30003,
  MessageBlocked: 30004,
  UnknownDestination: 30005,
  UnknownError: 30008,
  ValidityPeriodExpired: 30036,
  InvalidMessageUpdate: 30400,
  MessageNotCancelable: 30409,
  InvalidVerifyParameter: 60200,
  MaxCheckAttemptsReached: 60202,
  MaxSendAttemptsReached: 60203,
  LandlineNotSupported: 60205,
} as const;

const DELIVERY_ERRORS: Record<string, number> = {
  invalid_number: TWILIO_ERROR_CODES.UnknownDestination,
  invalid_phone_number: TWILIO_ERROR_CODES.UnknownDestination,
  handset_unreachable: TWILIO_ERROR_CODES.UnreachableHandset,
  opted_out: TWILIO_ERROR_CODES.OptedOut,
  rejected: TWILIO_ERROR_CODES.MessageBlocked,
  throttled: TWILIO_ERROR_CODES.QueueOverflow,
  expired: TWILIO_ERROR_CODES.ValidityPeriodExpired,
};

/** The Twilio error code of a message that did not make it (null while it may still). */
export function twilioDeliveryErrorCode(status: MessageStatus, errorCode?: string | null): number | null {
  if (status === 'expired') return TWILIO_ERROR_CODES.ValidityPeriodExpired;
  if (status === 'canceled' && errorCode === 'opted_out') return TWILIO_ERROR_CODES.OptedOut;
  if (status !== 'failed' && status !== 'undelivered') return null;
  const known = errorCode ? DELIVERY_ERRORS[errorCode] : undefined;
  if (known) return known;
  return status === 'undelivered' ? TWILIO_ERROR_CODES.UnreachableHandset : TWILIO_ERROR_CODES.UnknownError;
}

/**
 * `X-Twilio-Signature` as Twilio documents it: Base64 of the HMAC-SHA1, keyed with the auth token, of
 * the full URL followed by every POST parameter's name and value, sorted by name.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((signed, name) => signed + name + params[name], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

/** What a message sent through the facade keeps under `metadata.twilio`: the request's fields Zagel has no column for. */
export interface TwilioMessageFields {
  from?: string;
  messagingServiceSid?: string;
}

/** The reserved metadata key of a message sent through the Twilio facade; its status callbacks are posted in Twilio's form. */
export const TWILIO_METADATA_KEY = 'twilio';

/** The delivery event of a Twilio-form status callback (form-encoded, `X-Twilio-Signature`). */
export const TWILIO_STATUS_CALLBACK_EVENT = 'twilio.message.status';

/** The form parameters of Twilio's message status callback. */
export function twilioStatusCallbackParams(message: {
  id: string;
  organizationId: string;
  to: string;
  status: MessageStatus;
  errorCode?: string | null;
  twilio: TwilioMessageFields;
}): Record<string, string> {
  const sid = twilioSid(TwilioSidPrefix.Message, message.id);
  const status = twilioMessageStatus(message.status);
  const errorCode = twilioDeliveryErrorCode(message.status, message.errorCode);
  return {
    MessageSid: sid,
    SmsSid: sid,
    AccountSid: twilioSid(TwilioSidPrefix.Account, message.organizationId),
    From: message.twilio.from ?? '',
    To: message.to,
    MessageStatus: status,
    SmsStatus: status,
    ApiVersion: TWILIO_API_VERSION,
    ...(message.twilio.messagingServiceSid ? { MessagingServiceSid: message.twilio.messagingServiceSid } : {}),
    ...(errorCode !== null ? { ErrorCode: String(errorCode) } : {}),
  };
}
