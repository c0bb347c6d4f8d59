import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SMPP_RECEIPT_STATUSES, SmppReceiptDue, SmppReceiptDuePayload, SmppReceiptStatus } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { IngestionConfig } from '../config';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { foldStatusSteps, MessageProgress, StatusStep } from './message-status-changes';
import { LockedMessage, MessagesRepository } from './messages.repository';
import { statusCallback } from './status-callback';

const PROGRESS_FIELDS: readonly (keyof MessageProgress)[] = [
  'status',
  'route',
  'device_id',
  'provider',
  'provider_account_id',
  'provider_message_id',
  'error_code',
  'sent_at',
  'delivered_at',
];

function changed(row: MessageProgress, progress: MessageProgress): boolean {
  return PROGRESS_FIELDS.some((field) => {
    const [before, after] = [row[field], progress[field]];
    return before instanceof Date && after instanceof Date ? before.getTime() !== after.getTime() : before !== after;
  });
}

/**
 * The one place status steps reach the message records, for single events and batches alike: each
 * step lands in the history once and the messages it names are locked together (one statement),
 * moved by foldStatusSteps, written back with one statement, and every move queues the customer's
 * callback (one statement for all). A constant number of round trips, whatever the number of steps.
 */
@Injectable()
export class MessageStatusRecorder {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly settings: IngestionConfig,
  ) {}

  /**
   * Records the steps not seen before and moves the messages they name by them; `earlier` are steps
   * already in the history to apply as well (the replay of a message just adopted).
   */
  async record(manager: EntityManager, steps: StatusStep[], earlier: StatusStep[] = []): Promise<void> {
    if (steps.length === 0 && earlier.length === 0) return;
    const { locked, added } = await this.messages.recordHistoryAndLock(manager, steps, earlier);
    await this.move(manager, locked, [...added, ...earlier]);
  }

  /** Moves locked messages by these steps (a step naming another message or organization is ignored). */
  private async move(manager: EntityManager, rows: LockedMessage[], steps: StatusStep[]): Promise<void> {
    if (rows.length === 0 || steps.length === 0) return;
    const byMessage = new Map<string, StatusStep[]>();
    for (const step of steps) {
      const ofMessage = byMessage.get(step.messageId);
      if (ofMessage) ofMessage.push(step);
      else byMessage.set(step.messageId, [step]);
    }
    const outcomes = rows.map((row) =>
      foldStatusSteps(
        row,
        (byMessage.get(row.id) ?? []).filter((step) => step.organizationId === row.organization_id),
      ),
    );
    const callbacks = outcomes.flatMap(({ message, moves }) =>
      moves.map((move) => statusCallback(message, { status: move.status, at: move.at, errorCode: move.errorCode, route: move.route })),
    );
    if (callbacks.length > 0) await this.webhooks.enqueue(manager, callbacks, this.settings.WEBHOOKS_RETRY_WINDOW_SECONDS);
    const receipts = outcomes.flatMap(({ message, moves }) => smppReceipts(message, moves));
    if (receipts.length > 0) {
      await Outbox.addPrepared(manager, receipts.map((receipt) => Outbox.prepare(SmppReceiptDue, receipt, { tenantId: receipt.organizationId })));
    }
    // Last: its trigger locks the campaigns' rows to move their counters, held until the commit,
    // and every status batch of a campaign waits for that lock.
    await this.messages.saveProgress(
      manager,
      outcomes.filter(({ message, progress }) => changed(message, progress)).map(({ message, progress }) => ({ id: message.id, progress })),
    );
  }
}

const isReceiptStatus = (status: string): status is SmppReceiptStatus => (SMPP_RECEIPT_STATUSES as readonly string[]).includes(status);

/** A message submitted over SMPP that reached a final status: one delivery receipt for the key that submitted it. */
function smppReceipts(message: LockedMessage, moves: readonly { status: string; at: Date; errorCode?: string | null }[]): SmppReceiptDuePayload[] {
  if (!message.smpp_key_id) return [];
  return moves.flatMap((move) =>
    isReceiptStatus(move.status)
      ? [
          {
            messageId: message.id,
            organizationId: message.organization_id,
            apiKeyId: message.smpp_key_id!,
            to: message.to_number,
            status: move.status,
            ...(move.errorCode ? { errorCode: move.errorCode } : {}),
            submittedAt: new Date(message.created_at).toISOString(),
            doneAt: move.at.toISOString(),
            text: message.smpp_text ?? '',
          },
        ]
      : [],
  );
}
