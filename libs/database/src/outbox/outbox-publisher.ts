import type { OutgoingMessage } from '@zagel/messaging';

/** Messages of a batch the broker did not confirm; they stay in the outbox for a later round. */
export interface OutboxPublishReport {
  failed: readonly { message: OutgoingMessage; error: Error }[];
}

/**
 * Where the relay hands committed messages. Resolving with nothing means every message was
 * confirmed; resolving with a report means all but `failed` were; rejecting means none were.
 * The messaging lib's `Bus` satisfies it.
 */
export interface OutboxPublisher {
  publishOutgoing(messages: readonly OutgoingMessage[]): Promise<OutboxPublishReport | void>;
}
