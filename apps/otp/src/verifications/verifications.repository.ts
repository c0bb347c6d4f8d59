import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { VerificationStatus } from '@zagel/contracts';
import { Outbox, PreparedOutboxMessage } from '@zagel/database';
import { ReportedVerification, SendReport } from './send-reports';
import { VerificationRow, VerificationSendRow } from './verification-rows';

/** What a list of verifications is narrowed to; `to` already in E.164. */
export interface VerificationFilter {
  organizationId: string;
  status?: VerificationStatus;
  to?: string;
  from?: string;
  until?: string;
  /** The id of the last verification of the previous page. */
  after?: string;
}

/** What a session holds when it starts: no check yet, its first send. */
export const NEW_SESSION = { attempts: 0, send_count: 1 } as const;

export type NewVerification = Omit<VerificationRow, 'attempts' | 'created_at' | 'updated_at' | 'approved_at' | 'canceled_at' | 'send_count'>;

/** How a send's price was held (both null: reserved with billing, reference = the message id). */
export interface SendHold {
  allowanceId: string | null;
  heldAmount: number | null;
}

/** Ranks of a send's statuses: a report never moves a send back (a late `failed` after `sent` from another phone). */
const rank = (status: string) =>
  `CASE ${status} WHEN 'delivered' THEN 4 WHEN 'sent' THEN 3 WHEN 'undelivered' THEN 2 WHEN 'failed' THEN 2 WHEN 'expired' THEN 2 WHEN 'canceled' THEN 2 ELSE 1 END`;
const ADVANCES = `${rank('u.status')} >= ${rank('s.status')}`;
const CARRIED_BY_DEVICE = `u.status IN ('sent', 'delivered') AND u.device_id IS NOT NULL`;

/** A report `u` applied to a send `s`. */
const APPLY_REPORT = `
  status = CASE WHEN ${ADVANCES} THEN u.status ELSE s.status END,
  -- A late report (a phone's routing after the provider's sent) must not rewrite the route that carried it.
  route = CASE WHEN ${ADVANCES} THEN COALESCE(u.route, s.route) ELSE s.route END,
  device_id = CASE WHEN ${CARRIED_BY_DEVICE} THEN u.device_id ELSE s.device_id END,
  device_owner_id = CASE WHEN ${CARRIED_BY_DEVICE} THEN u.device_owner_id ELSE s.device_owner_id END,
  provider = CASE WHEN ${ADVANCES} THEN COALESCE(u.provider, s.provider) ELSE s.provider END,
  error_code = CASE WHEN u.status IN ('failed', 'undelivered') THEN u.error_code ELSE s.error_code END,
  tried_device_ids = CASE WHEN u.device_id IS NULL OR u.device_id = ANY (s.tried_device_ids) THEN s.tried_device_ids
                          ELSE array_append(s.tried_device_ids, u.device_id) END,
  -- Failed on every route: billing would release a reservation, so an allowance-paid send gets its price back.
  price_returned = s.price_returned OR (${ADVANCES} AND u.status IN ('failed', 'expired', 'canceled') AND s.allowance_id IS NOT NULL),
  updated_at = u.at`;

/** The reports as rows `u`, from a statement's first parameter (reportsParameter). */
const REPORTED = `jsonb_to_recordset($1::jsonb) AS u(message_id uuid, organization_id uuid, status text, route text, device_id uuid,
  device_owner_id uuid, provider text, error_code text, at timestamptz)`;

/** In message order, so two statements updating the same sends take their row locks in the same order. */
function reportsParameter(reports: readonly SendReport[]): string {
  return JSON.stringify(
    [...reports].sort((a, b) => a.messageId.localeCompare(b.messageId)).map((report) => ({
      message_id: report.messageId,
      organization_id: report.organizationId,
      status: report.status,
      route: report.route ?? null,
      device_id: report.deviceId ?? null,
      device_owner_id: report.deviceOwnerId ?? null,
      provider: report.provider ?? null,
      error_code: report.errorCode ?? null,
      at: report.at,
    })),
  );
}

/** Moves session $1 to status $2 at $3 (attempts $4), only while it is pending. */
const FINISH = `
  UPDATE verifications
     SET status = $2, updated_at = $3,
         approved_at = CASE WHEN $2 = 'approved' THEN $3 ELSE approved_at END,
         canceled_at = CASE WHEN $2 = 'canceled' THEN $3 ELSE canceled_at END,
         attempts = GREATEST(attempts, COALESCE($4::int, attempts))
   WHERE id = $1 AND status = 'pending' AND ($2 <> 'expired' OR expires_at <= $3)`;

/** A send as an approval reads it: enough to name the one that carried the code. */
export type CarrierSend = Pick<VerificationSendRow, 'message_id' | 'sequence' | 'status' | 'device_id' | 'device_owner_id'>;

/** A send read under its session's lock, with the part of the session a report reads. */
export type LockedSend = VerificationSendRow & { verification: ReportedVerification };

/** Verification sessions and their sends; every read is scoped to the organization. */
@Injectable()
export class VerificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, row: NewVerification): Promise<VerificationRow> {
    const [inserted] = (await manager.query(
      `INSERT INTO verifications (id, organization_id, to_number, country, status, code_length, alphanumeric, locale, template_id,
         message_template, segments, max_attempts, last_sent_at, callback_url, metadata, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       RETURNING *`,
      [
        row.id, row.organization_id, row.to_number, row.country, row.status, row.code_length, row.alphanumeric, row.locale,
        row.template_id, row.message_template, row.segments, row.max_attempts, row.last_sent_at, row.callback_url,
        row.metadata === null ? null : JSON.stringify(row.metadata), row.expires_at,
      ],
    )) as VerificationRow[];
    return inserted as VerificationRow;
  }

  /** A new session and its first send in one statement (one round trip on the start path). */
  /**
   * A new session with its first send and the messages announcing it, in one statement that commits
   * by itself (Outbox.commitWith): one round trip. The session starts with no attempts and one send,
   * written here rather than left to the defaults, so the announcement built before it says the same.
   */
  async insertWithFirstSend(
    row: NewVerification,
    send: { messageId: string; requestedAt: Date } & SendHold,
    announcements: readonly PreparedOutboxMessage[],
  ): Promise<VerificationRow> {
    const [inserted] = await Outbox.commitWith<VerificationRow>(this.dataSource, announcements, {
      ctes: `verification AS (
         INSERT INTO verifications (id, organization_id, to_number, country, status, code_length, alphanumeric, locale, template_id,
           message_template, segments, max_attempts, last_sent_at, callback_url, metadata, expires_at, attempts, send_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, ${NEW_SESSION.attempts}, ${NEW_SESSION.send_count})
         RETURNING *
       ), first_send AS (
         INSERT INTO verification_sends (message_id, verification_id, organization_id, sequence, requested_at, updated_at, allowance_id, held_amount)
         SELECT $17, id, organization_id, 1, $18, $18, $19, $20 FROM verification
       )`,
      select: `SELECT * FROM verification`,
      params: [
        row.id, row.organization_id, row.to_number, row.country, row.status, row.code_length, row.alphanumeric, row.locale,
        row.template_id, row.message_template, row.segments, row.max_attempts, row.last_sent_at, row.callback_url,
        row.metadata === null ? null : JSON.stringify(row.metadata), row.expires_at, send.messageId, send.requestedAt, send.allowanceId, send.heldAmount,
      ],
    });
    return inserted as VerificationRow;
  }

  async insertSend(
    manager: EntityManager,
    send: { messageId: string; verificationId: string; organizationId: string; sequence: number; requestedAt: Date } & SendHold,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO verification_sends (message_id, verification_id, organization_id, sequence, requested_at, updated_at, allowance_id, held_amount)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7)`,
      [send.messageId, send.verificationId, send.organizationId, send.sequence, send.requestedAt, send.allowanceId, send.heldAmount],
    );
  }

  async find(organizationId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<VerificationRow | undefined> {
    const rows = (await manager.query(`SELECT * FROM verifications WHERE id = $1 AND organization_id = $2`, [id, organizationId])) as VerificationRow[];
    return rows[0];
  }

  /** The newest verification of a number in the organization (what a check by number means). */
  async latestForNumber(organizationId: string, e164: string): Promise<VerificationRow | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM verifications WHERE organization_id = $1 AND to_number = $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [organizationId, e164],
    )) as VerificationRow[];
    return rows[0];
  }

  /**
   * A page of the organization's verifications, newest first: `status` as it reads at `now` (a pending
   * one past its expiry is expired), and after the cursor's (created_at, id) so rows started meanwhile
   * neither repeat nor skip one. Only the filters given become conditions, so the cursor is an index bound.
   */
  async list(filter: VerificationFilter, limit: number, now: Date): Promise<VerificationRow[]> {
    const values: unknown[] = [filter.organizationId];
    const parameter = (value: unknown) => `$${values.push(value)}`;
    const conditions = ['v.organization_id = $1'];
    if (filter.status) {
      conditions.push(`(CASE WHEN v.status = 'pending' AND v.expires_at <= ${parameter(now)} THEN 'expired' ELSE v.status END) = ${parameter(filter.status)}`);
    }
    if (filter.to) conditions.push(`v.to_number = ${parameter(filter.to)}`);
    if (filter.from) conditions.push(`v.created_at >= ${parameter(filter.from)}::timestamptz`);
    if (filter.until) conditions.push(`v.created_at < ${parameter(filter.until)}::timestamptz`);
    if (filter.after) {
      conditions.push(`(v.created_at, v.id) < (SELECT c.created_at, c.id FROM verifications c WHERE c.organization_id = $1 AND c.id = ${parameter(filter.after)}::uuid)`);
    }
    return (await this.dataSource.query(
      `SELECT v.* FROM verifications v WHERE ${conditions.join(' AND ')} ORDER BY v.created_at DESC, v.id DESC LIMIT ${parameter(limit)}`,
      values,
    )) as VerificationRow[];
  }

  /** The sends of several of the organization's verifications, in sequence order. */
  async sendsOf(organizationId: string, verificationIds: readonly string[]): Promise<VerificationSendRow[]> {
    if (verificationIds.length === 0) return [];
    return (await this.dataSource.query(
      `SELECT * FROM verification_sends WHERE organization_id = $1 AND verification_id = ANY ($2::uuid[]) ORDER BY verification_id, sequence`,
      [organizationId, verificationIds],
    )) as VerificationSendRow[];
  }

  async sends(verificationId: string, manager: EntityManager = this.dataSource.manager): Promise<VerificationSendRow[]> {
    return (await manager.query(`SELECT * FROM verification_sends WHERE verification_id = $1 ORDER BY sequence`, [verificationId])) as VerificationSendRow[];
  }

  /**
   * Moves a pending session to a final status; undefined if it was not pending (someone else moved it).
   * Expiry only applies to sessions whose time is up.
   */
  async finish(manager: EntityManager, id: string, status: Exclude<VerificationStatus, 'pending'>, at: Date, attempts?: number): Promise<VerificationRow | undefined> {
    const rows = (await manager.query(`${FINISH} RETURNING *`, [id, status, at, attempts ?? null])) as [VerificationRow[], number];
    return rows[0][0];
  }

  /**
   * Approves a pending session and reads its sends in the same statement, after its row lock is held:
   * the sends are share-locked, which reads each one as last committed, so a report that held the
   * session's lock before (and saw it pending) is seen here. Undefined if it was not pending.
   */
  async approve(manager: EntityManager, id: string, at: Date, attempts?: number): Promise<{ row: VerificationRow; sends: CarrierSend[] } | undefined> {
    const rows = (await manager.query(
      `WITH finished AS (${FINISH} RETURNING *)
       SELECT f.*, (SELECT COALESCE(jsonb_agg(to_jsonb(s) ORDER BY s.sequence), '[]'::jsonb)
                      FROM (SELECT message_id, sequence, status, device_id, device_owner_id FROM verification_sends
                             WHERE verification_id = f.id FOR SHARE) s) AS carrier_sends
         FROM finished f`,
      [id, 'approved', at, attempts ?? null],
    )) as (VerificationRow & { carrier_sends: CarrierSend[] })[];
    if (!rows[0]) return undefined;
    const { carrier_sends: sends, ...row } = rows[0];
    return { row, sends };
  }

  async recordAttempts(id: string, attempts: number): Promise<void> {
    await this.dataSource.query(`UPDATE verifications SET attempts = GREATEST(attempts, $2), updated_at = now() WHERE id = $1`, [id, attempts]);
  }

  /** A resend: one more send, only while the session is pending. */
  async recordResend(manager: EntityManager, id: string, sentAt: Date): Promise<VerificationRow | undefined> {
    const rows = (await manager.query(
      `UPDATE verifications SET send_count = send_count + 1, last_sent_at = $2, updated_at = $2
        WHERE id = $1 AND status = 'pending' RETURNING *`,
      [id, sentAt],
    )) as [VerificationRow[], number];
    return rows[0][0];
  }

  /**
   * The sends of every session one of `messageIds` belongs to, with their session, locked in session
   * then sequence order (so concurrent batches and a racing approval never deadlock). Locking the sends
   * too makes the rows read the latest committed ones, even after waiting for another batch's lock.
   */
  async lockSessionsOfSends(manager: EntityManager, messageIds: readonly string[]): Promise<LockedSend[]> {
    return (await manager.query(
      `SELECT s.*, jsonb_build_object('id', v.id, 'organization_id', v.organization_id, 'status', v.status, 'to_number', v.to_number,
                'callback_url', v.callback_url, 'attempts', v.attempts, 'send_count', v.send_count, 'metadata', v.metadata) AS verification
         FROM verifications v JOIN verification_sends s ON s.verification_id = v.id
        WHERE v.id IN (SELECT verification_id FROM verification_sends WHERE message_id = ANY ($1::uuid[]))
        ORDER BY v.id, s.sequence
          FOR UPDATE OF v, s`,
      [messageIds],
    )) as LockedSend[];
  }

  /**
   * Applies reports (at most one per send) with one statement, and answers the sends as they are after.
   * The rules live here only: a send's status never steps back, so a report applied again changes
   * nothing, and an allowance-paid send is marked for its price to be returned once.
   */
  async applyReports(manager: EntityManager, reports: readonly SendReport[]): Promise<VerificationSendRow[]> {
    const [rows] = (await manager.query(
      `UPDATE verification_sends s SET ${APPLY_REPORT}
         FROM ${REPORTED}
        WHERE s.message_id = u.message_id AND s.organization_id = u.organization_id
        RETURNING s.*`,
      [reportsParameter(reports)],
    )) as [VerificationSendRow[], number];
    return rows;
  }

  /**
   * The fast way for reports that announce nothing while their session is pending (at most one per
   * send): one statement, no transaction. The session's row is share-locked while the send changes,
   * so an approval either waits and then sees the send, or came first and leaves the report to the
   * locked way. Answers the message ids it applied.
   */
  async applyReportsWhilePending(reports: readonly SendReport[]): Promise<Set<string>> {
    const [rows] = (await this.dataSource.query(
      `WITH u AS (SELECT * FROM ${REPORTED}),
            pending AS MATERIALIZED (
              SELECT id, status FROM verifications
               WHERE id IN (SELECT verification_id FROM verification_sends WHERE message_id IN (SELECT message_id FROM u))
               ORDER BY id FOR SHARE)
       UPDATE verification_sends s SET ${APPLY_REPORT}
         FROM u, pending p
        WHERE s.message_id = u.message_id AND s.organization_id = u.organization_id AND p.id = s.verification_id AND p.status = 'pending'
        RETURNING s.message_id`,
      [reportsParameter(reports)],
    )) as [{ message_id: string }[], number];
    return new Set(rows.map((row) => row.message_id));
  }

  /** Pending sessions whose time is up, locked so two sweepers never take the same ones. */
  async lockExpired(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT id FROM verifications WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }
}
