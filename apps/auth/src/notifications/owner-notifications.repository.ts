import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { OwnerNotice } from './owner-notices';

export interface OrganizationOwners {
  name: string;
  emails: string[];
}

export interface OwnerNotificationRow {
  id: string;
  event_id: string;
  organization_id: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  give_up_at: Date;
}

/** The owners to tell and the emails queued for them; every query names the organization or the row. */
@Injectable()
export class OwnerNotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The organization's name and its owners' emails (none if it does not exist). */
  async owners(manager: EntityManager, organizationId: string): Promise<OrganizationOwners | undefined> {
    const rows = (await manager.query(
      `SELECT o.name, u.email FROM organizations o
       JOIN memberships m ON m.organization_id = o.id AND m.role = 'owner'
       JOIN users u ON u.id = m.user_id
       WHERE o.id = $1 ORDER BY u.email`,
      [organizationId],
    )) as { name: string; email: string }[];
    return rows.length === 0 ? undefined : { name: rows[0].name, emails: rows.map((row) => row.email) };
  }

  /** One email per recipient; an event already queued for a recipient queues nothing more. */
  async enqueue(manager: EntityManager, eventId: string, organizationId: string, notice: OwnerNotice, recipients: string[], giveUpAfterSeconds: number): Promise<number> {
    const rows = (await manager.query(
      `INSERT INTO owner_notifications (id, event_id, organization_id, kind, recipient, subject, text_body, html_body, give_up_at)
       SELECT r.id, $1, $2, $3, r.recipient, $4, $5, $6, now() + make_interval(secs => $7)
       FROM unnest($8::uuid[], $9::text[]) AS r (id, recipient)
       ON CONFLICT (event_id, recipient) DO NOTHING RETURNING 1`,
      [eventId, organizationId, notice.kind, notice.subject, notice.text, notice.html, giveUpAfterSeconds, recipients.map(() => uuidv7()), recipients],
    )) as unknown[];
    return rows.length;
  }

  /** Leases due emails to this instance (pushed `leaseSeconds` ahead, so a crash only delays them). */
  async lease(limit: number, leaseSeconds: number): Promise<OwnerNotificationRow[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE owner_notifications SET next_attempt_at = now() + make_interval(secs => $2), attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM owner_notifications WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, event_id, organization_id, recipient, subject, text_body, html_body, attempts, give_up_at`,
      [limit, leaseSeconds],
    )) as [OwnerNotificationRow[], number];
    return rows;
  }

  async markSent(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE owner_notifications SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`, [id]);
  }

  /** Retried at `retryAt`, or given up (`failed`) when there is none. */
  async markFailed(id: string, error: string, retryAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE owner_notifications SET status = $2, next_attempt_at = coalesce($3, next_attempt_at), last_error = $4 WHERE id = $1`,
      [id, retryAt ? 'pending' : 'failed', retryAt, error.slice(0, 500)],
    );
  }
}
