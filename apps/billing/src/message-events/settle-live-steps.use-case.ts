import { Injectable } from '@nestjs/common';
import { eachWithLimit } from '@zagel/concurrency';
import { MessageStatusesPayload } from '@zagel/contracts';
import { SettleMessages, settlementOf } from './settle-messages';

/**
 * The outcomes of verification codes the pool-dispatcher announced together
 * (`message.statuses.outcome.otp`): each settles as its single `message.status` would, all joining
 * the organization's group commit. No envelope inbox: settling is idempotent per item (a
 * reservation closes once, an allowance-paid code is charged once, a message is rewarded once), so a
 * redelivered batch settles nothing twice; a failed item fails the delivery, which comes again.
 */
@Injectable()
export class SettleLiveStepsUseCase {
  constructor(private readonly settle: SettleMessages) {}

  async execute(batch: MessageStatusesPayload): Promise<void> {
    await eachWithLimit(batch.items, batch.items.length, async (item) => {
      const settlement = settlementOf(item);
      if (settlement) await this.settle.add(settlement);
    });
  }
}
