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

/** Who asked for a message: the otp service (a verification code) or a customer through the API. */
export const MESSAGE_ORIGINS = ['otp', 'api'] as const;
export type MessageOrigin = (typeof MESSAGE_ORIGINS)[number];
