import { EntityManager } from 'typeorm';
import { LiveStepKind, MAX_BATCH_RECIPIENTS, MessageStatusChanged, MessageStatusesChanged, MessageStatusPayload } from '@zagel/contracts';
import { Outbox, PreparedOutboxMessage } from '@zagel/database';

/**
 * Puts the status steps of a batch of lease records in the outbox, with one statement: a
 * verification code's steps go out together as `message.statuses.<kind>.otp` events (up to 500
 * each), so otp, ingestion and billing take a whole batch in one delivery; the steps of other
 * origins go out as single `message.status` events, as their consumers take them.
 */
export async function announceSteps(manager: EntityManager, kind: LiveStepKind, steps: readonly MessageStatusPayload[]): Promise<void> {
  const prepared: PreparedOutboxMessage[] = [];
  const codes = steps.filter((step) => step.origin === 'otp');
  for (let start = 0; start < codes.length; start += MAX_BATCH_RECIPIENTS) {
    const items = codes.slice(start, start + MAX_BATCH_RECIPIENTS);
    const tenants = new Set(items.map((item) => item.organizationId));
    prepared.push(Outbox.prepare(MessageStatusesChanged, { kind, origin: 'otp', items }, tenants.size === 1 ? { tenantId: items[0].organizationId } : {}));
  }
  for (const step of steps) {
    if (step.origin !== 'otp') prepared.push(Outbox.prepare(MessageStatusChanged, step, { tenantId: step.organizationId }));
  }
  if (prepared.length > 0) await Outbox.addPrepared(manager, prepared);
}
