export const MESSAGE_TYPES = ['otp', 'transactional', 'promotional'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const ROUTE_PREFERENCES = ['auto', 'devices', 'providers'] as const;
export type RoutePreference = (typeof ROUTE_PREFERENCES)[number];

export const MESSAGE_STATUSES = [
  'queued',
  'scheduled',
  'routing',
  'sent',
  'delivered',
  'failed',
  'undelivered',
  'canceled',
  'expired',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * Who asked for a message: the otp service (a verification code), a customer through the API, or
 * the platform itself (`system`: a device's number proof), which no customer pays for: billing and
 * ingestion bind only `otp` and `api`, so a system message's status events never reach them.
 */
export const MESSAGE_ORIGINS = ['otp', 'api', 'system'] as const;
export type MessageOrigin = (typeof MESSAGE_ORIGINS)[number];

/**
 * The tenant of the platform's own (`system`) messages: no customer organization, never billed. A
 * UUIDv7 of time zero, which no organization gets; not the nil UUID, which stands for "every
 * organization" in provider routes.
 */
export const PLATFORM_ORGANIZATION_ID = '00000000-0000-7000-8000-000000000000';

/**
 * How an SMS is coded on the wire (`format` on a message; `type` keeps its meaning: otp, transactional or
 * promotional). `text`: GSM-7, or UCS-2 when a character needs it; `unicode`: always UCS-2; `flash`: a text
 * of message class 0, shown on the screen and not stored; `binary`: 8-bit data (the body in hex) with an
 * optional user data header (`udh`, hex), e.g. a WAP push or a port-addressed SMS.
 */
export const SMS_FORMATS = ['text', 'unicode', 'flash', 'binary'] as const;
export type SmsFormat = (typeof SMS_FORMATS)[number];

/** What the device pool can send: a phone's SMS app sends text, nothing of class 0 or 8-bit. */
export const DEVICE_SMS_FORMATS: readonly SmsFormat[] = ['text', 'unicode'];

/** `high` takes the live lane, `normal` and `low` the bulk lane (a single send is `high` unless it says otherwise). */
export const MESSAGE_PRIORITIES = ['high', 'normal', 'low'] as const;
export type MessagePriority = (typeof MESSAGE_PRIORITIES)[number];

/** An alphanumeric sender id: at most 11 letters, digits or spaces, at least one letter (GSM 03.40 TP-OA). */
export const ALPHANUMERIC_SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
/** A numeric sender: an E.164 number, or a short code or provider line of 3 to 15 digits. */
export const NUMERIC_SENDER_ID = /^(?:\+[1-9]\d{6,14}|\d{3,15})$/;
