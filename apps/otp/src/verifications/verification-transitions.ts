import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OtpVerificationStatusChanged, OtpVerificationStatusPayload, OtpVerified, VerificationSendStatus, VerificationStatus } from '@zagel/contracts';
import { Outbox, PreparedOutboxMessage } from '@zagel/database';
import { otpOutcomes } from '../fraud-guard/otp-metrics';
import { ReportedVerification } from './send-reports';
import { deliveringSend, VerificationRow } from './verification-rows';
import { CarrierSend, VerificationsRepository } from './verifications.repository';

export function statusEvent(
  row: ReportedVerification,
  at: Date,
  send?: { messageId: string; status: VerificationSendStatus },
): OtpVerificationStatusPayload {
  return {
    verificationId: row.id,
    organizationId: row.organization_id,
    status: row.status,
    to: row.to_number,
    ...(row.callback_url && { callbackUrl: row.callback_url }),
    at: at.toISOString(),
    attempts: row.attempts,
    sendCount: row.send_count,
    ...(send && { messageId: send.messageId, sendStatus: send.status }),
    ...(row.metadata && { metadata: row.metadata }),
  };
}

/**
 * Final status changes of a session, each committed with its announcements: `otp.verification-status`
 * always, `otp.verified` (with the phone and owner that delivered the code) on approval.
 */
@Injectable()
export class VerificationTransitions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly verifications: VerificationsRepository,
  ) {}

  /** Undefined when the session was no longer pending: another request or the sweeper finished it. */
  finish(id: string, status: Exclude<VerificationStatus, 'pending'>, attempts?: number): Promise<VerificationRow | undefined> {
    return this.dataSource.transaction((manager) => this.finishIn(manager, id, status, attempts));
  }

  async finishIn(
    manager: EntityManager,
    id: string,
    status: Exclude<VerificationStatus, 'pending'>,
    attempts?: number,
  ): Promise<VerificationRow | undefined> {
    const at = new Date();
    // A code can be typed before the phone's `sent` report arrives: then the send that carried it
    // announces `otp.verified` when its report comes (RecordSendStatusUseCase), so the reward and
    // the route's price are not lost to the race. The sends are read after the row's lock is held.
    const finished =
      status === 'approved'
        ? await this.verifications.approve(manager, id, at, attempts)
        : await this.verifications.finish(manager, id, status, at, attempts).then((row) => row && { row, sends: [] });
    if (!finished) return undefined;
    const { row, sends } = finished;
    const tenant = { tenantId: row.organization_id };
    const announcements = [Outbox.prepare(OtpVerificationStatusChanged, statusEvent(row, at), tenant)];
    const deliverer = deliveringSend(sends);
    if (deliverer) announcements.push(verifiedAnnouncement(row, deliverer, at));
    await Outbox.addPrepared(manager, announcements);
    otpOutcomes.inc({ status });
    return row;
  }
}

/** `otp.verified` for an approved session, naming the send (phone and owner, or provider) that carried the code. */
export function verifiedAnnouncement(row: ReportedVerification, deliverer: CarrierSend, at: Date): PreparedOutboxMessage {
  return Outbox.prepare(
    OtpVerified,
    {
      verificationId: row.id,
      organizationId: row.organization_id,
      messageId: deliverer.message_id,
      to: row.to_number,
      ...(deliverer.device_id && { deviceId: deliverer.device_id }),
      ...(deliverer.device_owner_id && { deviceOwnerId: deliverer.device_owner_id }),
      verifiedAt: at.toISOString(),
    },
    { tenantId: row.organization_id },
  );
}
