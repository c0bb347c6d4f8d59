/**
 * A lease's life: `pushed` (waiting for the phone's ack) → `accepted` (waiting for `sent`) →
 * `sent` → `delivered`. Every other end closes it for good; only an open lease may move, so a
 * late report from a closed one changes nothing.
 */
export const LEASE_STATES = ['pushed', 'accepted', 'sent', 'delivered', 'rejected', 'failed', 'returned', 'timed_out', 'device_offline'] as const;
export type LeaseState = (typeof LEASE_STATES)[number];

/** States in which the phone still owes us the send; a failure here moves the message on. */
export const AWAITING_SEND: readonly ('pushed' | 'accepted')[] = ['pushed', 'accepted'];

/** The states a failed lease closes in (see closedStateOf): its message must move on. */
export const FAILED_STATES: readonly LeaseState[] = ['rejected', 'failed', 'returned', 'timed_out', 'device_offline'];

/** Why a lease ended without the message leaving the phone, and whether its quota unit comes back. */
export type LeaseFailure = 'rejected' | 'failed' | 'returned' | 'ack_timeout' | 'send_timeout' | 'device_offline';

export function refundsQuota(failure: LeaseFailure, stateBefore: LeaseState): boolean {
  // The SMS certainly did not leave: refused, never acknowledged, or handed back before it was accepted.
  if (failure === 'rejected' || failure === 'ack_timeout') return true;
  return (failure === 'returned' || failure === 'device_offline') && stateBefore === 'pushed';
}

/**
 * refundsQuota as the attempt rows record it: the attempts whose unit stayed spent (an SQL
 * condition over delivery_attempts). A lease closed from `pushed` has no `acked_at`; one that was
 * accepted first has. An attempt still `leased` counts: its outcome is not known, and counting a
 * unit too many is the safe side.
 */
export const KEEPS_QUOTA_SQL = `NOT (outcome = 'rejected' OR (outcome IN ('timed_out', 'returned', 'device_offline') AND acked_at IS NULL))`;

export function closedStateOf(failure: LeaseFailure): LeaseState {
  if (failure === 'ack_timeout' || failure === 'send_timeout') return 'timed_out';
  return failure;
}

/** Timeouts weigh more on a phone's health than reported failures. */
export function countsAsTimeout(failure: LeaseFailure): boolean {
  return failure === 'ack_timeout' || failure === 'send_timeout' || failure === 'device_offline';
}
