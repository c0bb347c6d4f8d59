import { Injectable } from '@nestjs/common';
import { MessageStatusBatchPayload } from '@zagel/contracts';
import { MessageSettlement, SettleMessages, settlementOf } from './settle-messages';

/**
 * A batch of status steps (bulk traffic) settles as the same steps would one by one, in one
 * transaction per organization. No envelope inbox: settling is idempotent per item (a reservation
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
    for (const organizationId of [...byOrganization.keys()].sort()) {
      await this.settle.settleAll(organizationId, byOrganization.get(organizationId)!);
    }
  }
}
