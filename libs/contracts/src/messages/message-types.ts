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
