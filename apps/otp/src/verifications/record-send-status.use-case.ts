import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { bookkeepingLinger, GroupCommit, ItemOutcome } from '@zagel/concurrency';
import { MessageStatusPayload, OtpVerificationStatusChanged } from '@zagel/contracts';
import { Outbox, PreparedOutboxMessage } from '@zagel/database';
import { OtpConfig } from '../config';
import { announcesNothingWhilePending, ReportEffects, ReportedVerification, reportEffects, SendReport } from './send-reports';
import { SendReservation } from './send-reservation';
import { VerificationSendRow } from './verification-rows';
import { statusEvent, verifiedAnnouncement } from './verification-transitions';
import { VerificationsRepository } from './verifications.repository';

const MAX_BATCH = 500;

type ReturnedPrice = ReportEffects['returnPrice'];

/** A session's sends as a batch reads and changes them. */
interface SessionSends {
  verification: ReportedVerification;
  sends: VerificationSendRow[];
}

/**
 * Records what the dispatcher reports about our sends (otp binds only `message.status.*.otp`): the
 * route, the phone and its owner (for the reward on approval), the provider. A send that failed on
 * every route is announced on `otp.verification-status` so the customer can offer another channel.
 *
 * Reports go in group commits: those that arrive while a batch is recorded (or lingers for company,
 * see bookkeepingLinger) are recorded together in the next one, with a constant number of
 * statements. The usual reports (routing, sent, delivered
 * of a pending session) take one statement for the whole batch; the others one transaction (their
 * sessions and sends locked and read at once, the reports applied with one statement, every
 * announcement with one). The session's row lock orders a report and an approval: whichever commits
 * second sees the other. No inbox: a report is idempotent by itself (a send's status never steps
 * back, a status the send already holds announces nothing again, an allowance-paid send's price is
 * given back once, after the commit). Each report's handler resolves once its batch committed; a
 * batch that fails is retried report by report, so one bad report fails alone.
 */
@Injectable()
export class RecordSendStatusUseCase {
  private readonly commits: GroupCommit<'reports', SendReport, ReturnedPrice>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly verifications: VerificationsRepository,
    private readonly priceHold: SendReservation,
    settings: OtpConfig,
  ) {
    this.commits = new GroupCommit((_, reports) => this.recordEach(reports), {
      maxBatch: MAX_BATCH,
      // The customer was answered and the phone has the code: a report is bookkeeping (an approval
      // that comes first defers its announcement to the report, see VerificationsRepository).
      ...bookkeepingLinger(settings, () => true),
    });
  }

  async execute(event: MessageStatusPayload): Promise<void> {
    const returned = await this.commits.add('reports', {
      messageId: event.messageId,
      organizationId: event.organizationId,
      status: event.status,
      route: event.route,
      deviceId: event.deviceId,
      deviceOwnerId: event.deviceOwnerId,
      provider: event.provider,
      errorCode: event.errorCode,
      at: new Date(event.at),
    });
    if (returned) {
      const { organizationId, allowanceId, amount } = returned;
      await this.priceHold.undo(organizationId, event.messageId, { kind: 'allowance', allowanceId, amount });
    }
  }

  /** The batch in one transaction; if that fails, each report alone. */
  private async recordEach(reports: SendReport[]): Promise<ItemOutcome<ReturnedPrice>[]> {
    try {
      return (await this.record(reports)).map((value) => ({ ok: true, value }));
    } catch (error) {
      if (reports.length === 1) return [{ ok: false, error }];
    }
    const outcomes: ItemOutcome<ReturnedPrice>[] = [];
    for (const report of reports) {
      outcomes.push(
        await this.record([report]).then(
          ([value]): ItemOutcome<ReturnedPrice> => ({ ok: true, value }),
          (error: unknown): ItemOutcome<ReturnedPrice> => ({ ok: false, error }),
        ),
      );
    }
    return outcomes;
  }

  /**
   * Applies the reports in arrival order; answers, per report, the price to give back after the commit.
   * A report that announces nothing while its session is pending (routing, sent, delivered: the usual
   * ones) goes the fast way, one statement for all; the others, and those whose session is no longer
   * pending, go in one transaction holding their sessions' row locks.
   */
  private async record(reports: readonly SendReport[]): Promise<ReturnedPrice[]> {
    const firstOfItsSend = new Map<string, SendReport>();
    for (const report of reports) if (!firstOfItsSend.has(report.messageId)) firstOfItsSend.set(report.messageId, report);
    const firsts = new Set(firstOfItsSend.values());
    const fast = [...firsts].filter(announcesNothingWhilePending);
    const applied = fast.length > 0 ? await this.verifications.applyReportsWhilePending(fast) : new Set<string>();
    const locked = reports.filter((report) => !(firsts.has(report) && applied.has(report.messageId)));
    if (locked.length === 0) return reports.map(() => undefined);
    const returned = await this.dataSource.transaction((manager) => this.recordLocked(manager, locked));
    return reports.map((report) => returned.get(report));
  }

  /** The reports under their sessions' row locks, one statement per report of a same send (usually one in all). */
  private async recordLocked(manager: EntityManager, reports: readonly SendReport[]): Promise<Map<SendReport, ReturnedPrice>> {
    const sessions = await this.lockSessions(manager, reports);
    const announcements: PreparedOutboxMessage[] = [];
    const returned = new Map<SendReport, ReturnedPrice>();
    const at = new Date();
    for (const round of rounds(reports.filter((report) => sessions.has(report.messageId)))) {
      const after = new Map((await this.verifications.applyReports(manager, round)).map((send) => [send.message_id, send]));
      for (const report of round) {
        const session = sessions.get(report.messageId) as SessionSends;
        const before = session.sends.find((send) => send.message_id === report.messageId);
        const now = after.get(report.messageId);
        if (!before || !now) continue;
        const { verification } = session;
        const effects = reportEffects(verification, session.sends, before, now, report);
        session.sends = session.sends.map((send) => (send.message_id === now.message_id ? now : send));
        if (effects.announceVerified) announcements.push(verifiedAnnouncement(verification, effects.announceVerified, at));
        if (effects.announceFailure) {
          const { message_id: messageId, status } = effects.announceFailure;
          const tenant = { tenantId: verification.organization_id };
          announcements.push(Outbox.prepare(OtpVerificationStatusChanged, statusEvent(verification, at, { messageId, status }), tenant));
        }
        returned.set(report, effects.returnPrice);
      }
    }
    await Outbox.addPrepared(manager, announcements);
    return returned;
  }

  /** The sessions of the reported sends, locked, keyed by each of their sends' message ids. */
  private async lockSessions(manager: EntityManager, reports: readonly SendReport[]): Promise<Map<string, SessionSends>> {
    const rows = await this.verifications.lockSessionsOfSends(manager, [...new Set(reports.map((report) => report.messageId))]);
    const byVerification = new Map<string, SessionSends>();
    const byMessage = new Map<string, SessionSends>();
    for (const { verification, ...send } of rows) {
      const session = byVerification.get(verification.id) ?? { verification, sends: [] };
      byVerification.set(verification.id, session);
      session.sends.push(send);
      byMessage.set(send.message_id, session);
    }
    return byMessage;
  }
}

/** The reports split so that each statement applies at most one report per send, in arrival order. */
function rounds(reports: readonly SendReport[]): SendReport[][] {
  const result: SendReport[][] = [];
  const count = new Map<string, number>();
  for (const report of reports) {
    const index = count.get(report.messageId) ?? 0;
    count.set(report.messageId, index + 1);
    (result[index] ??= []).push(report);
  }
  return result;
}
