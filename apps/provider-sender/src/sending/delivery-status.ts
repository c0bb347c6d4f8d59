/** A message's state as this service tracks it; `pending` until a provider accepted it. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'undelivered', 'failed', 'expired'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const RANK: Record<DeliveryStatus, number> = { pending: 0, sent: 1, delivered: 2, undelivered: 2, failed: 2, expired: 2 };

/** Whether moving from `current` to `next` is progress: a status never goes back, and a final one never changes. */
export function advances(current: DeliveryStatus, next: DeliveryStatus): boolean {
  return RANK[next] > RANK[current];
}
