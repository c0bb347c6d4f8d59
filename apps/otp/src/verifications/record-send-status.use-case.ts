import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MessageStatusPayload, OtpVerificationStatusChanged } from '@zagel/contracts';
import { Inbox, Outbox } from '@zagel/database';
import { SendReservation } from './send-reservation';
import { deliveringSend, VerificationRow, VerificationSendRow } from './verification-rows';
import { statusEvent, VerificationTransitions } from './verification-transitions';
import { VerificationsRepository } from './verifications.repository';

export const SEND_STATUS_CONSUMER = 'otp.message-status';

const FAILED = new Set(['failed', 'undelivered', 'expired', 'canceled']);
/** The statuses on which billing would release a reservation: an allowance-paid send gets its price back. */
const PRICE_RETURNED = new Set(['failed', 'expired', 'canceled']);
const DELIVERING = new Set(['sent', 'delivered']);

/**
 * Records what the dispatcher reports about one of our sends (otp binds only `message.status.*.otp`): the route, the phone and its owner
 * (for the reward on approval), the provider. A send that failed on every route is marked failed and
 * announced on `otp.verification-status` so the customer can offer another channel.
 */
@Injectable()
export class RecordSendStatusUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly verifications: VerificationsRepository,
    private readonly transitions: VerificationTransitions,
    private readonly priceHold: SendReservation,
  ) {}

  async execute(report: MessageStatusPayload, busMessageId: string): Promise<void> {
    let returned: { organizationId: string; allowanceId: string; amount: number } | undefined;
    await Inbox.runOnce(this.dataSource, SEND_STATUS_CONSUMER, busMessageId, async (manager) => {
      // The session's row lock orders this report and an approval: whichever commits second sees the other.
      const locked = (await manager.query(
        `SELECT v.* FROM verifications v JOIN verification_sends s ON s.verification_id = v.id WHERE s.message_id = $1 FOR UPDATE OF v`,
        [report.messageId],
      )) as VerificationRow[];
      const before = await this.verifications.sends(locked[0]?.id ?? report.messageId, manager);
      const send = await this.verifications.applySendReport(manager, {
        messageId: report.messageId,
        organizationId: report.organizationId,
        status: report.status,
        route: report.route,
        deviceId: report.deviceId,
        deviceOwnerId: report.deviceOwnerId,
        provider: report.provider,
        errorCode: report.errorCode,
        at: new Date(report.at),
      });
      // Allowance-paid sends have no reservation for billing to release: the price goes back to the allowance, once, after the commit.
      if (send && PRICE_RETURNED.has(report.status) && send.status === report.status) {
        returned = await this.verifications.claimPriceReturn(manager, report.messageId);
      }
      if (send && locked[0]?.status === 'approved') await this.announceIfFirstDelivering(manager, locked[0], before, send);
      if (!send || !FAILED.has(report.status) || send.status !== report.status) return;
      const rows = (await manager.query(`SELECT * FROM verifications WHERE id = $1`, [send.verification_id])) as VerificationRow[];
      const row = rows[0];
      if (!row || row.status !== 'pending') return;
      await Outbox.add(manager, OtpVerificationStatusChanged, statusEvent(row, new Date(), { messageId: send.message_id, status: send.status }), {
        tenantId: row.organization_id,
      });
    });
    if (returned) {
      const { organizationId, allowanceId, amount } = returned;
      await this.priceHold.undo(organizationId, report.messageId, { kind: 'allowance', allowanceId, amount });
    }
  }

  /** An approval that came before any send was reported sent: the first send reported sent now announces it. */
  private async announceIfFirstDelivering(manager: EntityManager, row: VerificationRow, before: VerificationSendRow[], send: VerificationSendRow): Promise<void> {
    if (!DELIVERING.has(send.status) || deliveringSend(before)) return;
    await this.transitions.announceVerified(manager, row, send, new Date());
  }
}
