import { Injectable } from '@nestjs/common';
import { MessageStatusPayload } from '@zagel/contracts';
import { SettleMessages, settlementOf } from './settle-messages';

/**
 * A message's fate settles its reservation (reference = message id); see `settlementOf`. Each event
 * is handled once (inbox, claimed in the settlement's transaction), and events arriving out of order
 * change nothing. Events of one organization that arrive together commit together.
 */
@Injectable()
export class SettleOnMessageStatusUseCase {
  static readonly CONSUMER = 'billing.message-status';

  constructor(private readonly settle: SettleMessages) {}

  async execute(event: MessageStatusPayload, eventId: string): Promise<void> {
    const settlement = settlementOf(event);
    if (!settlement) return;
    await this.settle.add({ ...settlement, claim: { consumer: SettleOnMessageStatusUseCase.CONSUMER, eventId } });
  }
}

/** The statuses billing settles on (a binding needs no more). */
export { CAPTURING_STATUSES, RELEASING_STATUSES } from './settle-messages';
