import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { bookkeepingLinger, GroupCommit, ItemOutcome } from '@zagel/concurrency';
import { MessageOrigin } from '@zagel/contracts';
import { IngestionConfig } from '../config';
import { MessageDraft } from './message-draft';
import { StatusStep } from './message-status-changes';
import { MessageStatusRecorder } from './message-status-recorder';
import { MessagesRepository } from './messages.repository';

/** One `message.*` event as the record takes it. */
export type MessageEvent =
  | { kind: 'requested'; draft: MessageDraft; at: Date }
  | { kind: 'status'; step: StatusStep }
  | { kind: 'verified'; messageId: string; organizationId: string; verifiedAt: Date };

const MAX_BATCH = 500;

/**
 * Records single `message.*` events in group commits: the events of one origin that arrive while
 * the previous batch commits go together in the next transaction, with a constant number of
 * statements whatever their number. Each event's promise settles once its batch has committed.
 *
 * A verification code's events (origin `otp`) are recorded off the live path: they linger for company
 * first (bookkeepingLinger), so one transaction records the steps of many verifications.
 *
 * Idempotent by natural keys, without an inbox: a message is adopted once (its id), a step lands in
 * the history once (message, status, time) and only a new step moves the message, a code is
 * counted as verified once (its message). So a redelivered event, in any order and in the same
 * batch as its first copy or a later one, changes nothing twice.
 */
@Injectable()
export class MessageEventLog {
  private readonly commits: GroupCommit<MessageOrigin, MessageEvent>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: MessagesRepository,
    private readonly recorder: MessageStatusRecorder,
    settings: IngestionConfig,
  ) {
    this.commits = new GroupCommit((_, events) => this.recordEach(events), {
      maxBatch: MAX_BATCH,
      ...bookkeepingLinger(settings, (origin) => origin === 'otp'),
    });
  }

  /** Records the event with whatever else of its origin is waiting; resolves after the commit. */
  record(origin: MessageOrigin, event: MessageEvent): Promise<void> {
    return this.commits.add(origin, event);
  }

  /**
   * The events in one transaction; if that fails, each in a transaction of its own, so an event
   * that cannot be recorded fails alone (to its retry and dead letter) and the others commit.
   */
  async recordEach(events: readonly MessageEvent[]): Promise<ItemOutcome<void>[]> {
    try {
      await this.recordAll(events);
      return events.map(() => ({ ok: true, value: undefined }));
    } catch (error) {
      if (events.length === 1) return [{ ok: false, error }];
    }
    const outcomes: ItemOutcome<void>[] = [];
    for (const event of events) {
      outcomes.push(
        await this.recordAll([event]).then(
          (): ItemOutcome<void> => ({ ok: true, value: undefined }),
          (error: unknown): ItemOutcome<void> => ({ ok: false, error }),
        ),
      );
    }
    return outcomes;
  }

  private recordAll(events: readonly MessageEvent[]): Promise<void> {
    // Verifications alone are one statement, atomic without a transaction (no BEGIN and COMMIT round trips).
    if (events.every((event) => event.kind === 'verified')) return this.recordConversions(this.dataSource.manager, events);
    return this.dataSource.transaction((manager) => this.recordIn(manager, events));
  }

  /**
   * Adopts the requested messages with their `queued` step, reading what their histories already
   * held (one statement: steps that arrived before their request), records the status steps and
   * moves the messages by every new step and every earlier step of an adopted message
   * (MessageStatusRecorder: history and lock in one statement, one update, one insert of the
   * callbacks), and counts the verified codes (one insert).
   */
  private async recordIn(manager: EntityManager, events: readonly MessageEvent[]): Promise<void> {
    const requests = events.flatMap((event) => (event.kind === 'requested' ? [event] : []));
    const { earlier } = await this.messages.adoptMany(manager, requests);
    // Disjoint: `earlier` was in the history before this batch, the steps recorded now are new.
    await this.recorder.record(
      manager,
      events.flatMap((event) => (event.kind === 'status' ? [event.step] : [])),
      earlier,
    );
    await this.recordConversions(manager, events);
  }

  private recordConversions(manager: EntityManager, events: readonly MessageEvent[]): Promise<void> {
    return this.messages.recordOtpConversions(
      manager,
      events.flatMap((event) => (event.kind === 'verified' ? [event] : [])),
    );
  }
}
