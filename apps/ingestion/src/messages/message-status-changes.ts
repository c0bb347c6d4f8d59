import { MessageStatus } from '@zagel/contracts';
import { advances, STATUS_RANK } from './message-status-rank';

/** A status step newly recorded in a message's history. */
export interface StatusStep {
  messageId: string;
  organizationId: string;
  status: MessageStatus;
  at: Date;
  route?: string;
  deviceId?: string;
  provider?: string;
  providerAccountId?: string;
  providerMessageId?: string;
  errorCode?: string;
}

/** What the message row holds of its progress. */
export interface MessageProgress {
  status: MessageStatus;
  route: string | null;
  device_id: string | null;
  provider: string | null;
  provider_account_id: string | null;
  provider_message_id: string | null;
  error_code: string | null;
  sent_at: Date | null;
  delivered_at: Date | null;
}

/** A message's row after its new steps, and the steps that moved it (each one is called back). */
export interface StatusOutcome<M extends MessageProgress> {
  message: M;
  progress: MessageProgress;
  moves: StatusStep[];
}

/**
 * Folds new steps into a message, the one rule every status consumer shares: a message only moves up
 * the status rank and a terminal status is final, so a late `sent` never overwrites `delivered`; what
 * a step tells about the route fills in what is known (never overwritten with nothing); `sentAt` is
 * the first `sent`. Steps are taken by rank, so a batch holding `delivered` before `sent` gives the
 * same result as the two events in order.
 */
export function foldStatusSteps<M extends MessageProgress>(message: M, steps: readonly StatusStep[]): StatusOutcome<M> {
  const progress: MessageProgress = {
    status: message.status,
    route: message.route,
    device_id: message.device_id,
    provider: message.provider,
    provider_account_id: message.provider_account_id,
    provider_message_id: message.provider_message_id,
    error_code: message.error_code,
    sent_at: message.sent_at,
    delivered_at: message.delivered_at,
  };
  const moves: StatusStep[] = [];
  const ordered = [...steps].sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || a.at.getTime() - b.at.getTime());
  for (const step of ordered) {
    const advance = advances(progress.status, step.status);
    progress.route = step.route ?? progress.route;
    progress.device_id = step.deviceId ?? progress.device_id;
    progress.provider = step.provider ?? progress.provider;
    progress.provider_account_id = step.providerAccountId ?? progress.provider_account_id;
    progress.provider_message_id = step.providerMessageId ?? progress.provider_message_id;
    if (step.status === 'sent') progress.sent_at = progress.sent_at ?? step.at;
    if (!advance) continue;
    progress.status = step.status;
    progress.error_code = step.errorCode ?? progress.error_code;
    if (step.status === 'delivered') progress.delivered_at = step.at;
    moves.push(step);
  }
  return { message, progress, moves };
}
