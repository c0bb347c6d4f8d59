import { IsIn } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';
import { MessageStatusBatchPayload } from './message-batch.events';
import { MESSAGE_ORIGINS, MessageOrigin } from './message-types';

/** What a batch of live steps is: the phones taking messages, or what became of them. */
export const LIVE_STEP_KINDS = ['routing', 'outcome'] as const;
export type LiveStepKind = (typeof LIVE_STEP_KINDS)[number];

/**
 * Steps of live messages of one origin, recorded together by the pool-dispatcher (its lingering
 * lease logs), announced as one event instead of one `message.status` each: up to 500 items, each
 * exactly a `message.status` payload of that origin (the items of `message.status.batch`).
 * Consumers apply them idempotently per (messageId, status), in any order, as the single events.
 * `kind` is in the routing key so a consumer that settles outcomes (billing) never receives the
 * routing steps.
 */
export class MessageStatusesPayload extends MessageStatusBatchPayload {
  @IsIn(LIVE_STEP_KINDS)
  kind: LiveStepKind;

  @IsIn(MESSAGE_ORIGINS)
  origin: MessageOrigin;
}

/** Published as `message.statuses.<kind>.<origin>`: never matched by a `message.status.*.*` binding. */
export const MessageStatusesChanged = defineEvent(EventType.MessageStatuses, 1, MessageStatusesPayload, {
  routing: [
    { name: 'kind', values: LIVE_STEP_KINDS },
    { name: 'origin', values: MESSAGE_ORIGINS },
  ],
});
