import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MessageStatus, VerificationStatus } from '@zagel/contracts';
import { VerificationRow, VerificationSendRow } from './verification-rows';

export type NewVerification = Omit<VerificationRow, 'attempts' | 'created_at' | 'updated_at' | 'approved_at' | 'canceled_at' | 'send_count'>;

/** How a send's price was held (both null: reserved with billing, reference = the message id). */
export interface SendHold {
  allowanceId: string | null;
  heldAmount: number | null;
}

export interface SendReport {
  messageId: string;
  organizationId: string;
  status: MessageStatus;
  route?: 'device' | 'provider';
  deviceId?: string;
  deviceOwnerId?: string;
  provider?: string;
  errorCode?: string;
  at: Date;
}

/** Ranks of a send's statuses: a report never moves a send back (a late `failed` after `sent` from another phone). */
const SEND_STATUS_RANK = `CASE $1::text WHEN 'delivered' THEN 4 WHEN 'sent' THEN 3 WHEN 'undelivered' THEN 2 WHEN 'failed' THEN 2 WHEN 'expired' THEN 2 WHEN 'canceled' THEN 2 ELSE 1 END`;
const CURRENT_RANK = `CASE status WHEN 'delivered' THEN 4 WHEN 'sent' THEN 3 WHEN 'undelivered' THEN 2 WHEN 'failed' THEN 2 WHEN 'expired' THEN 2 WHEN 'canceled' THEN 2 ELSE 1 END`;

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
  async insertWithFirstSend(
    manager: EntityManager,
    row: NewVerification,
    send: { messageId: string; requestedAt: Date } & SendHold,
  ): Promise<VerificationRow> {
    const [inserted] = (await manager.query(
      `WITH verification AS (
         INSERT INTO verifications (id, organization_id, to_number, country, status, code_length, alphanumeric, locale, template_id,
           message_template, segments, max_attempts, last_sent_at, callback_url, metadata, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         RETURNING *
       ), first_send AS (
         INSERT INTO verification_sends (message_id, verification_id, organization_id, sequence, requested_at, updated_at, allowance_id, held_amount)
         SELECT $17, id, organization_id, 1, $18, $18, $19, $20 FROM verification
       )
       SELECT * FROM verification`,
      [
        row.id, row.organization_id, row.to_number, row.country, row.status, row.code_length, row.alphanumeric, row.locale,
        row.template_id, row.message_template, row.segments, row.max_attempts, row.last_sent_at, row.callback_url,
        row.metadata === null ? null : JSON.stringify(row.metadata), row.expires_at, send.messageId, send.requestedAt, send.allowanceId, send.heldAmount,
      ],
    )) as VerificationRow[];
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

  /**
   * Claims the give-back of an allowance-paid send's price (once: it marks the send's price returned);
   * undefined for a reserved send (billing releases it) or one already given back.
   */
  async claimPriceReturn(
    manager: EntityManager,
    messageId: string,
  ): Promise<{ organizationId: string; allowanceId: string; amount: number } | undefined> {
    const rows = (await manager.query(
      `UPDATE verification_sends SET price_returned = true
       WHERE message_id = $1 AND allowance_id IS NOT NULL AND NOT price_returned
       RETURNING organization_id, allowance_id, held_amount`,
      [messageId],
    )) as [{ organization_id: string; allowance_id: string; held_amount: string }[], number];
    const row = rows[0][0];
    return row ? { organizationId: row.organization_id, allowanceId: row.allowance_id, amount: Number(row.held_amount) } : undefined;
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

  async sends(verificationId: string, manager: EntityManager = this.dataSource.manager): Promise<VerificationSendRow[]> {
    return (await manager.query(`SELECT * FROM verification_sends WHERE verification_id = $1 ORDER BY sequence`, [verificationId])) as VerificationSendRow[];
  }

  /**
   * Moves a pending session to a final status; undefined if it was not pending (someone else moved it).
   * Expiry only applies to sessions whose time is up.
   */
  async finish(manager: EntityManager, id: string, status: Exclude<VerificationStatus, 'pending'>, at: Date, attempts?: number): Promise<VerificationRow | undefined> {
    const rows = (await manager.query(
      `UPDATE verifications
          SET status = $2, updated_at = $3,
              approved_at = CASE WHEN $2 = 'approved' THEN $3 ELSE approved_at END,
              canceled_at = CASE WHEN $2 = 'canceled' THEN $3 ELSE canceled_at END,
              attempts = GREATEST(attempts, COALESCE($4::int, attempts))
        WHERE id = $1 AND status = 'pending' AND ($2 <> 'expired' OR expires_at <= $3)
        RETURNING *`,
      [id, status, at, attempts ?? null],
    )) as [VerificationRow[], number];
    return rows[0][0];
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

  /** Applies the dispatcher's report to the send; undefined if the message is not one of ours. */
  async applySendReport(manager: EntityManager, report: SendReport): Promise<VerificationSendRow | undefined> {
    const rows = (await manager.query(
      `UPDATE verification_sends
          SET status = CASE WHEN ${SEND_STATUS_RANK} >= ${CURRENT_RANK} THEN $1 ELSE status END,
              -- A late report (a phone's routing after the provider's sent) must not rewrite the route that carried it.
              route = CASE WHEN ${SEND_STATUS_RANK} >= ${CURRENT_RANK} THEN COALESCE($3, route) ELSE route END,
              device_id = CASE WHEN $1 IN ('sent', 'delivered') AND $4::uuid IS NOT NULL THEN $4::uuid ELSE device_id END,
              device_owner_id = CASE WHEN $1 IN ('sent', 'delivered') AND $4::uuid IS NOT NULL THEN $5::uuid ELSE device_owner_id END,
              provider = CASE WHEN ${SEND_STATUS_RANK} >= ${CURRENT_RANK} THEN COALESCE($6, provider) ELSE provider END,
              error_code = CASE WHEN $1 IN ('failed', 'undelivered') THEN $7 ELSE error_code END,
              tried_device_ids = CASE WHEN $4::uuid IS NULL OR $4::uuid = ANY (tried_device_ids) THEN tried_device_ids
                                      ELSE array_append(tried_device_ids, $4::uuid) END,
              updated_at = $8
        WHERE message_id = $2 AND organization_id = $9
        RETURNING *`,
      [report.status, report.messageId, report.route ?? null, report.deviceId ?? null, report.deviceOwnerId ?? null,
        report.provider ?? null, report.errorCode ?? null, report.at, report.organizationId],
    )) as [VerificationSendRow[], number];
    return rows[0][0];
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
