import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { bookkeepingLinger, GroupCommit, ItemOutcome } from '@zagel/concurrency';
import { BillingErrorCode, MessageStatus, MessageStatusPayload } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { AllowanceCharges, ClaimedSpends } from '../allowances/allowance-charges';
import { ReservationsRepository } from '../reservations/reservations.repository';
import { SettleOrder, SettleReservation } from '../reservations/settle-reservation';
import { PendingRewards } from '../rewards/pending-rewards';
import { RewardOrder, RewardPhoneOwner } from '../rewards/reward-phone-owner';
import { BillingError } from '../shared/billing-error';

export const CAPTURING_STATUSES: readonly MessageStatus[] = ['sent', 'delivered', 'undelivered'];
export const RELEASING_STATUSES: readonly MessageStatus[] = ['failed', 'canceled', 'expired'];
/** A phone's report of these claims a (pending) reward for a non-OTP message it carried. */
const REWARD_CLAIMING_STATUSES: readonly MessageStatus[] = ['sent', 'delivered'];

/** What one message event asks of billing. */
export interface MessageSettlement {
  organizationId: string;
  /** The reservation (reference = message id) to close, if the event closes one. */
  order?: SettleOrder;
  /** A verification code's: its price may have been spent from the prepaid allowance rather than reserved. */
  mayUseAllowance?: boolean;
  /**
   * The phone owner to reward: `otp_verified` is paid at once (the approval proves the delivery); a
   * `delivered` claim becomes a pending reward, skipped when the reservation paid for an OTP (rewarded on verification instead).
   */
  reward?: RewardOrder;
  /** The event's inbox entry: an event claimed before settles nothing. */
  claim?: { consumer: string; eventId: string };
}

/** A reservation that is gone or already settled the other way: an out-of-order event, which changes nothing. */
export function isSettledElsewhere(error: unknown): boolean {
  return (
    error instanceof BillingError &&
    (error.code === BillingErrorCode.ReservationNotFound || error.code === BillingErrorCode.ReservationClosed)
  );
}

/**
 * A message's fate settles its reservation (or its allowance spend, for a verification code): sent,
 * delivered or undelivered captures the price of the route it took; failed, canceled or expired releases. A phone's
 * `sent` or `delivered` of non-OTP traffic claims a pending reward for its owner. Undefined when the status asks nothing of billing.
 */
export function settlementOf(event: MessageStatusPayload): MessageSettlement | undefined {
  const { organizationId, messageId: reference } = event;
  const order: SettleOrder | undefined = CAPTURING_STATUSES.includes(event.status)
    ? { outcome: 'captured', organizationId, reference, route: event.route }
    : RELEASING_STATUSES.includes(event.status)
      ? { outcome: 'released', organizationId, reference }
      : undefined;
  const reward: RewardOrder | undefined =
    // A verification code is rewarded when it is verified (otp.verified), never on the phone's word. Any
    // other message a phone reports sent or delivered is only claimed: a pending reward, paid once a
    // canary proves the phone really sends (PendingRewards).
    REWARD_CLAIMING_STATUSES.includes(event.status) && event.origin !== 'otp' && event.route === 'device' && event.deviceOwnerId !== undefined && event.deviceId !== undefined
      ? { messageId: reference, ownerId: event.deviceOwnerId, deviceId: event.deviceId, organizationId, source: 'delivered' }
      : undefined;
  if (!order && !reward) return undefined;
  return { organizationId, order, reward, ...(order && event.origin === 'otp' ? { mayUseAllowance: true } : {}) };
}

/**
 * Applies message settlements per organization (one wallet), many per transaction: the single
 * events that arrive while the organization's previous batch commits wait and go together (group
 * commit; a verification code's linger for company first, see bookkeepingLinger), a status batch
 * goes as one. Before the transaction, the spend records of messages that
 * may be allowance-paid are claimed (AllowanceCharges, one Redis script). In the transaction: the
 * events' inbox claims, the allowance-paid messages charged (their charge rows locked first), every
 * reservation closed (SettleReservation.settleIn), then the rewards in owner order (so two batches
 * lock reward wallets in the same order; claims on a phone's word only become pending rewards). Settling is idempotent per (message, outcome) on its own: a
 * reservation closes once, an allowance-paid message is charged once and a message is rewarded once,
 * in any order of arrival.
 */
@Injectable()
export class SettleMessages {
  private readonly commits: GroupCommit<string, MessageSettlement>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settle: SettleReservation,
    private readonly reservations: ReservationsRepository,
    private readonly reward: RewardPhoneOwner,
    private readonly pending: PendingRewards,
    private readonly allowanceCharges: AllowanceCharges,
    settings: BillingConfig,
  ) {
    this.commits = new GroupCommit((organizationId, batch) => this.settleEach(organizationId, batch), {
      maxBatch: 500,
      // A verification code's: the customer was answered and its price is held, nobody waits on the settlement.
      ...bookkeepingLinger(settings, (_, oldest) => oldest.mayUseAllowance === true),
    });
  }

  /** One event's settlement, committed with whatever else of its organization is waiting. */
  add(settlement: MessageSettlement): Promise<void> {
    return this.commits.add(settlement.organizationId, settlement);
  }

  /** One organization's settlements in one transaction. */
  async settleAll(organizationId: string, settlements: readonly MessageSettlement[]): Promise<void> {
    const prepaid = settlements.flatMap((settlement) => (settlement.mayUseAllowance && settlement.order ? [settlement.order.reference] : []));
    const claimed = await this.allowanceCharges.claim(organizationId, prepaid);
    await this.dataSource.transaction((manager) => this.settleIn(manager, organizationId, settlements, claimed));
    await this.allowanceCharges.forget(organizationId, [...claimed.keys()]);
  }

  /**
   * One organization's settlements in one transaction; if that fails, each alone, so a settlement
   * that cannot be applied fails by itself and the others go on. Answers each one's outcome.
   */
  async settleEach(organizationId: string, settlements: readonly MessageSettlement[]): Promise<ItemOutcome<void>[]> {
    try {
      await this.settleAll(organizationId, settlements);
      return settlements.map(() => ({ ok: true, value: undefined }));
    } catch (error) {
      if (settlements.length === 1) return [{ ok: false, error }];
    }
    const outcomes: ItemOutcome<void>[] = [];
    for (const settlement of settlements) {
      outcomes.push(
        await this.settleAll(organizationId, [settlement]).then(
          (): ItemOutcome<void> => ({ ok: true, value: undefined }),
          (error: unknown): ItemOutcome<void> => ({ ok: false, error }),
        ),
      );
    }
    return outcomes;
  }

  private async settleIn(manager: EntityManager, organizationId: string, settlements: readonly MessageSettlement[], spends: ClaimedSpends): Promise<void> {
    const active = await this.claimed(manager, settlements);
    const all = active.flatMap((settlement) => (settlement.order ? [settlement.order] : []));
    await this.allowanceCharges.settleIn(manager, organizationId, all, spends);
    const orders = all.filter((order) => !spends.has(order.reference));
    if (orders.length > 0) {
      for (const outcome of await this.settle.settleIn(manager, organizationId, orders)) {
        if (!outcome.ok && !isSettledElsewhere(outcome.error)) throw outcome.error;
      }
    }
    const rewards = await this.rewardable(manager, organizationId, active);
    await this.pending.recordIn(
      manager,
      rewards.filter((order) => order.source === 'delivered'),
    );
    const proven = rewards.filter((order) => order.source !== 'delivered');
    proven.sort((a, b) => a.ownerId.localeCompare(b.ownerId) || a.messageId.localeCompare(b.messageId));
    for (const order of proven) await this.reward.rewardIn(manager, order);
  }

  /** The settlements to apply: those without a claim, and those whose event this transaction claims first. */
  private async claimed(manager: EntityManager, settlements: readonly MessageSettlement[]): Promise<MessageSettlement[]> {
    const claims = settlements.flatMap((settlement) => (settlement.claim ? [settlement.claim] : []));
    if (claims.length === 0) return [...settlements];
    // In a stable order, so two transactions claiming the same events cannot deadlock.
    const rows: { consumer: string; message_id: string }[] = await manager.query(
      `INSERT INTO inbox (consumer, message_id)
       SELECT consumer, message_id FROM unnest($1::text[], $2::uuid[]) AS c(consumer, message_id) ORDER BY consumer, message_id
       ON CONFLICT DO NOTHING RETURNING consumer, message_id`,
      [claims.map((claim) => claim.consumer), claims.map((claim) => claim.eventId)],
    );
    const fresh = new Set(rows.map((row) => `${row.consumer}:${row.message_id}`));
    return settlements.filter((settlement) => {
      if (!settlement.claim) return true;
      // A repeated event in the same batch applies once.
      return fresh.delete(`${settlement.claim.consumer}:${settlement.claim.eventId}`);
    });
  }

  private async rewardable(manager: EntityManager, organizationId: string, settlements: readonly MessageSettlement[]): Promise<RewardOrder[]> {
    const rewards = settlements.flatMap((settlement) => (settlement.reward ? [settlement.reward] : []));
    const delivered = rewards.filter((reward) => reward.source === 'delivered').map((reward) => reward.messageId);
    if (delivered.length === 0) return rewards;
    const otp = new Set(
      (await this.reservations.findMany(manager, organizationId, delivered))
        .filter((row) => row.pricing?.messageType === 'otp')
        .map((row) => row.reference),
    );
    return rewards.filter((reward) => reward.source !== 'delivered' || !otp.has(reward.messageId));
  }
}
