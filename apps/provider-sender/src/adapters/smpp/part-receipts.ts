import type { DeliveryReport } from '../provider-adapter';

interface PartGroup {
  primaryId: string;
  waiting: Set<string>;
}

/**
 * Concatenated (UDH) messages get one message id per part and one receipt per part: the message is reported
 * once, under the first part's id, when all parts are delivered or as soon as one part fails. Kept in memory:
 * after a restart, part receipts pass through under their own ids.
 */
export class PartReceipts {
  private readonly groups = new Map<string, PartGroup>();

  track(partIds: string[]): void {
    if (partIds.length < 2) return;
    const group: PartGroup = { primaryId: partIds[0], waiting: new Set(partIds) };
    for (const id of partIds) this.groups.set(id, group);
  }

  /** The report to pass on for this part receipt, or undefined while other parts are still out. */
  combine(report: DeliveryReport): DeliveryReport | undefined {
    const group = this.groups.get(report.providerMessageId);
    if (!group) return report;
    if (report.status === 'sent') return undefined;
    if (report.status === 'delivered') {
      group.waiting.delete(report.providerMessageId);
      if (group.waiting.size > 0) return undefined;
    }
    for (const id of this.groups.keys()) if (this.groups.get(id) === group) this.groups.delete(id);
    return { ...report, providerMessageId: group.primaryId };
  }
}
