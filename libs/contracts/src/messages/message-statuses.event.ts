import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, ValidateNested } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';
import { MAX_BATCH_RECIPIENTS } from './message-batch.events';
import { MessageStatusPayload } from './message-status.event';
import { MESSAGE_ORIGINS, MessageOrigin } from './message-types';

/** What a batch of live steps is: the phones taking messages, or what became of them. */
export const LIVE_STEP_KINDS = ['routing', 'outcome'] as const;
export type LiveStepKind = (typeof LIVE_STEP_KINDS)[number];

/**
 * Steps of live messages of one origin, recorded together by the pool-dispatcher (its lingering
 * lease logs), announced as one event instead of one `message.status` each. Each item is exactly a
 * `message.status` payload of that origin; consumers apply them idempotently per (messageId,
 * status), in any order, as the single events. `kind` is in the routing key so a consumer that
 * settles outcomes (billing) never receives the routing steps.
 */
export class MessageStatusesPayload {
  @IsIn(LIVE_STEP_KINDS)
  kind: LiveStepKind;

  @IsIn(MESSAGE_ORIGINS)
  origin: MessageOrigin;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_RECIPIENTS)
  @ValidateNested({ each: true })
  @Type(() => MessageStatusPayload)
  items: MessageStatusPayload[];
}

/** Published as `message.statuses.<kind>.<origin>`: never matched by a `message.status.*.*` binding. */
export const MessageStatusesChanged = defineEvent(EventType.MessageStatuses, 1, MessageStatusesPayload, {
  routing: [
    { name: 'kind', values: LIVE_STEP_KINDS },
    { name: 'origin', values: MESSAGE_ORIGINS },
  ],
});
