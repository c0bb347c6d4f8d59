import { Injectable } from '@nestjs/common';
import { ItemOutcome } from '@zagel/concurrency';
import { MessageStatusBatchPayload } from '@zagel/contracts';
import { MessageSettlement, SettleMessages, settlementOf } from './settle-messages';

/**
 * A batch of status steps (bulk traffic) settles as the same steps would one by one, in one
 * transaction per organization (item by item if that fails, so one bad item does not hold back the
 * rest). No envelope inbox: settling is idempotent per item (a reservation
 * closes once, a message is rewarded once), so a redelivered or reordered batch settles nothing twice.
 */
@Injectable()
export class SettleStatusBatchUseCase {
  constructor(private readonly settle: SettleMessages) {}

  async execute(batch: MessageStatusBatchPayload): Promise<void> {
    const byOrganization = new Map<string, MessageSettlement[]>();
    for (const item of batch.items) {
      const settlement = settlementOf(item);
      if (!settlement) continue;
      const list = byOrganization.get(settlement.organizationId) ?? [];
      list.push(settlement);
      byOrganization.set(settlement.organizationId, list);
    }
    let failure: ItemOutcome<void> | undefined;
    for (const organizationId of [...byOrganization.keys()].sort()) {
      const outcomes = await this.settle.settleEach(organizationId, byOrganization.get(organizationId)!);
      failure ??= outcomes.find((outcome) => !outcome.ok);
    }
    // The batch is delivered again (what settled stays settled) and, failing still, dead-lettered.
    if (failure && !failure.ok) throw failure.error;
  }
}
