import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

export interface WebhookSettingsRow {
  organization_id: string;
  url: string | null;
  secret_ciphertext: string;
}

export interface WebhookEndpointRow {
  url: string;
  consecutive_failures: number;
  failing_since: Date | null;
  disabled_at: Date | null;
}

export interface WebhookDeliveryRow {
  id: string;
  organization_id: string;
  message_id: string | null;
  url: string;
  event: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed' | 'skipped';
  attempts: number;
  next_attempt_at: Date;
  give_up_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

export interface NewDelivery {
  organizationId: string;
  /** Orders one message's (or verification's) callbacks; null for an organization notice. */
  messageId: string | null;
  /** The message's own callback URL; the organization's default when absent. */
  callbackUrl: string | null;
  event: string;
  payload: Record<string, unknown>;
}

/** Up to this many callbacks are queued without first reading which have somewhere to go. */
const UNFILTERED_MAX = 20;

/** Webhook settings, endpoint health and the durable delivery queue; every query names the organization. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async settings(organizationId: string, manager: EntityManager = this.dataSource.manager): Promise<WebhookSettingsRow | null> {
    const rows = (await manager.query(`SELECT organization_id, url, secret_ciphertext FROM webhook_settings WHERE organization_id = $1`, [
      organizationId,
    ])) as WebhookSettingsRow[];
    return rows[0] ?? null;
  }

  /** Creates the settings row with this secret if there is none; true if it did. */
  async createSettings(organizationId: string, secretCiphertext: string, url: string | null): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO webhook_settings (organization_id, url, secret_ciphertext) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id) DO NOTHING RETURNING 1`,
      [organizationId, url, secretCiphertext],
    )) as unknown[];
    return rows.length === 1;
  }

  async setUrl(organizationId: string, url: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_settings SET url = $2, updated_at = now() WHERE organization_id = $1`, [organizationId, url]);
  }

  async setSecret(organizationId: string, secretCiphertext: string): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_settings SET secret_ciphertext = $2, updated_at = now() WHERE organization_id = $1`, [
      organizationId,
      secretCiphertext,
    ]);
  }

  /** Saving a URL again is how its owner re-enables it. */
  async resetEndpoint(organizationId: string, url: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM webhook_endpoints WHERE organization_id = $1 AND url = $2`, [organizationId, url]);
  }

  disabledEndpoints(organizationId: string): Promise<WebhookEndpointRow[]> {
    return this.dataSource.query(
      `SELECT url, consecutive_failures, failing_since, disabled_at FROM webhook_endpoints
       WHERE organization_id = $1 AND disabled_at IS NOT NULL ORDER BY disabled_at DESC`,
      [organizationId],
    );
  }

  /**
   * Leaves out deliveries with neither their own callback URL nor an organization webhook: most
   * statuses of a large campaign, which would otherwise all be shipped to the database as JSON.
   */
  async withSomewhereToGo(manager: EntityManager, deliveries: NewDelivery[]): Promise<NewDelivery[]> {
    const organizations = [...new Set(deliveries.filter((delivery) => delivery.callbackUrl == null).map((delivery) => delivery.organizationId))];
    if (organizations.length === 0) return deliveries;
    const rows = (await manager.query(`SELECT organization_id FROM webhook_settings WHERE organization_id = ANY($1::uuid[]) AND url IS NOT NULL`, [
      organizations,
    ])) as { organization_id: string }[];
    const withWebhook = new Set(rows.map((row) => row.organization_id));
    return deliveries.filter((delivery) => delivery.callbackUrl != null || withWebhook.has(delivery.organizationId));
  }

  /**
   * Queues one callback per status change, in the transaction that recorded the change. Messages
   * without a callback URL go to the organization's default; none at all, or a disabled endpoint,
   * queues nothing.
   */
  async enqueue(manager: EntityManager, all: NewDelivery[], giveUpAfterSeconds: number, options: { filtered?: boolean } = {}): Promise<number> {
    // `filtered`: the caller kept only deliveries withSomewhereToGo. A few go to the INSERT as they are (it
    // skips any without a URL): the read that would leave them out costs a round trip of its own.
    const deliveries = options.filtered || all.length <= UNFILTERED_MAX ? all : await this.withSomewhereToGo(manager, all);
    if (deliveries.length === 0) return 0;
    const rows = (await manager.query(
      `WITH incoming AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS i (id uuid, organization_id uuid, message_id uuid, callback_url text, event text, payload jsonb)
       ), targeted AS (
         SELECT i.*, coalesce(i.callback_url, s.url) AS url
         FROM incoming i LEFT JOIN webhook_settings s ON s.organization_id = i.organization_id
       )
       INSERT INTO webhook_deliveries (id, organization_id, message_id, url, event, payload, status, give_up_at)
       SELECT t.id, t.organization_id, t.message_id, t.url, t.event, t.payload, 'pending', now() + make_interval(secs => $2)
       FROM targeted t
       WHERE t.url IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM webhook_endpoints e WHERE e.organization_id = t.organization_id AND e.url = t.url AND e.disabled_at IS NOT NULL)
       RETURNING 1`,
      // One JSON document, not six arrays: the payloads nest instead of being escaped into an array literal.
      [
        JSON.stringify(
          deliveries.map((delivery) => ({
            id: uuidv7(),
            organization_id: delivery.organizationId,
            message_id: delivery.messageId,
            callback_url: delivery.callbackUrl,
            event: delivery.event,
            payload: delivery.payload,
          })),
        ),
        giveUpAfterSeconds,
      ],
    )) as unknown[];
    return rows.length;
  }

  /**
   * Leases due deliveries to this instance: they are pushed `leaseSeconds` into the future, so a crash
   * mid-delivery only delays them, and another instance polling at the same time skips them.
   */
  lease(limit: number, leaseSeconds: number): Promise<WebhookDeliveryRow[]> {
    return this.dataSource.query(
      `UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => $2), attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [limit, leaseSeconds],
    ).then(([rows]: [WebhookDeliveryRow[], number]) => rows);
  }

  async markDelivered(delivery: WebhookDeliveryRow, statusCode: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), last_status_code = $2, last_error = NULL WHERE id = $1`,
        [delivery.id, statusCode],
      );
      await manager.query(
        `UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL WHERE organization_id = $1 AND url = $2 AND disabled_at IS NULL`,
        [delivery.organization_id, delivery.url],
      );
    });
  }

  /** Records a failed attempt: retried at `retryAt`, or given up (`failed`) when that is past its deadline. */
  async markFailed(
    manager: EntityManager,
    delivery: WebhookDeliveryRow,
    outcome: { statusCode?: number; error: string; retryAt: Date | null },
  ): Promise<void> {
    await manager.query(
      `UPDATE webhook_deliveries SET status = $2, next_attempt_at = coalesce($3, next_attempt_at), last_status_code = $4, last_error = $5 WHERE id = $1`,
      [delivery.id, outcome.retryAt ? 'pending' : 'failed', outcome.retryAt, outcome.statusCode ?? null, outcome.error.slice(0, 500)],
    );
  }

  /** Counts a failure against the endpoint; returns its health after the failure. */
  async recordEndpointFailure(manager: EntityManager, organizationId: string, url: string): Promise<WebhookEndpointRow> {
    const rows = (await manager.query(
      `INSERT INTO webhook_endpoints (organization_id, url, consecutive_failures, failing_since) VALUES ($1, $2, 1, now())
       ON CONFLICT (organization_id, url) DO UPDATE SET
         consecutive_failures = webhook_endpoints.consecutive_failures + 1,
         failing_since = coalesce(webhook_endpoints.failing_since, now())
       RETURNING url, consecutive_failures, failing_since, disabled_at`,
      [organizationId, url],
    )) as WebhookEndpointRow[];
    return rows[0];
  }

  /** Disables the endpoint and skips what was waiting for it; false if it was disabled already. */
  async disableEndpoint(manager: EntityManager, organizationId: string, url: string): Promise<boolean> {
    const [, affected] = (await manager.query(
      `UPDATE webhook_endpoints SET disabled_at = now() WHERE organization_id = $1 AND url = $2 AND disabled_at IS NULL`,
      [organizationId, url],
    )) as [unknown, number];
    if (affected === 0) return false;
    await manager.query(
      `UPDATE webhook_deliveries SET status = 'skipped', last_error = 'endpoint disabled' WHERE organization_id = $1 AND url = $2 AND status = 'pending'`,
      [organizationId, url],
    );
    return true;
  }

  async isDisabled(organizationId: string, url: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM webhook_endpoints WHERE organization_id = $1 AND url = $2 AND disabled_at IS NOT NULL`,
      [organizationId, url],
    )) as unknown[];
    return rows.length > 0;
  }

  async skip(id: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_deliveries SET status = 'skipped', last_error = $2 WHERE id = $1`, [id, reason]);
  }

  list(
    organizationId: string,
    filter: { messageId?: string; status?: string },
    limit: number,
    cursor?: string,
  ): Promise<WebhookDeliveryRow[]> {
    return this.dataSource.query(
      `SELECT * FROM webhook_deliveries
       WHERE organization_id = $1 AND ($2::uuid IS NULL OR message_id = $2) AND ($3::text IS NULL OR status = $3)
         AND ($4::uuid IS NULL OR id < $4)
       ORDER BY id DESC LIMIT $5`,
      [organizationId, filter.messageId ?? null, filter.status ?? null, cursor ?? null, limit],
    );
  }
}
