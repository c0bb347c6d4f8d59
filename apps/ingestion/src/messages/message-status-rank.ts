import { MessageStatus } from '@zagel/contracts';

/**
 * How far along a message is. Events can arrive out of order (a delivery report before the
 * send acknowledgement), so a message only ever moves to a higher rank, and a terminal status
 * is final.
 */
export const STATUS_RANK: Record<MessageStatus, number> = {
  queued: 0,
  scheduled: 0,
  routing: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
  canceled: 3,
  expired: 3,
};

export const TERMINAL_RANK = 3;

export function isTerminal(status: MessageStatus): boolean {
  return STATUS_RANK[status] === TERMINAL_RANK;
}

/** Whether a message in `current` moves to `next`. */
export function advances(current: MessageStatus, next: MessageStatus): boolean {
  return !isTerminal(current) && STATUS_RANK[next] > STATUS_RANK[current];
}
