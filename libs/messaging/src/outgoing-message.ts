import { MessageMetadata } from '@zagel/contracts';

/** Where a message goes: the events exchange (routing key = type) or one service's command queue. */
export type Destination = { kind: 'event' } | { kind: 'command'; service: string; instanceId?: string };

/** A fully described message, ready to publish (what the outbox stores and the relay hands over). */
export interface OutgoingMessage {
  destination: Destination;
  metadata: MessageMetadata;
  payload: object;
}
