import { MessageStatus } from '@zagel/contracts';
import { deliveringSend, VerificationRow, VerificationSendRow } from './verification-rows';

/** What the dispatcher reports about one of our sends (a `message.status.*.otp` event). */
export interface SendReport {
  messageId: string;
  organizationId: string;
  status: MessageStatus;
  route?: 'device' | 'provider';
  deviceId?: string;
  deviceOwnerId?: string;
  provider?: string;
  errorCode?: string;
  at: Date;
}

/** The part of a session a send report reads: its status, and what its status event carries. */
export type ReportedVerification = Pick<
  VerificationRow,
  'id' | 'organization_id' | 'status' | 'to_number' | 'callback_url' | 'attempts' | 'send_count' | 'metadata'
>;

/** What recording one report asks for besides the send's new state. */
export interface ReportEffects {
  /** An approval that came before any send was reported sent: this send carried the code (`otp.verified`). */
  announceVerified?: VerificationSendRow;
  /** The send failed while the session is pending: `otp.verification-status`, so the customer can offer another channel. */
  announceFailure?: VerificationSendRow;
  /** An allowance-paid send failed: its price goes back to the allowance, once, after the commit. */
  returnPrice?: { organizationId: string; allowanceId: string; amount: number };
}

const FAILED = new Set<string>(['failed', 'undelivered', 'expired', 'canceled']);
const DELIVERING = new Set<string>(['sent', 'delivered']);

/** Reports that ask nothing but the send's change while their session is pending (VerificationsRepository.applyReportsWhilePending). */
export function announcesNothingWhilePending(report: SendReport): boolean {
  return !FAILED.has(report.status);
}

/**
 * What one applied report announces, from the send before and after it and the session's sends before
 * it (read under the session's row lock, earlier reports of the batch applied). Idempotent per
 * (message, status): a report whose status the send already held announces nothing again, and a
 * price is returned once (`price_returned` was set by this report).
 */
export function reportEffects(
  verification: ReportedVerification,
  sessionSends: readonly VerificationSendRow[],
  before: VerificationSendRow,
  after: VerificationSendRow,
  report: SendReport,
): ReportEffects {
  const effects: ReportEffects = {};
  if (after.price_returned && !before.price_returned && after.allowance_id !== null) {
    effects.returnPrice = { organizationId: after.organization_id, allowanceId: after.allowance_id, amount: Number(after.held_amount) };
  }
  if (verification.status === 'approved' && DELIVERING.has(after.status) && !deliveringSend([...sessionSends])) effects.announceVerified = after;
  const failedNow = after.status === report.status && before.status !== after.status && FAILED.has(after.status);
  if (failedNow && verification.status === 'pending') effects.announceFailure = after;
  return effects;
}
