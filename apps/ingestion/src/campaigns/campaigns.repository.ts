import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CampaignStatus, CampaignStatusChange, ListCampaignsRequest } from '@zagel/contracts';
import { CampaignRow } from './campaign-row';

export interface RecipientsSummary {
  staged: number;
  kept: number;
  accepted: number;
}

/** Campaigns and their recipients; every read names the organization. */
@Injectable()
export class CampaignsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(organizationId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<CampaignRow | null> {
    const rows = (await manager.query(`SELECT * FROM campaigns WHERE organization_id = $1 AND id = $2`, [organizationId, id])) as CampaignRow[];
    return rows[0] ?? null;
  }

  async lock(manager: EntityManager, organizationId: string, id: string): Promise<CampaignRow | null> {
    const rows = (await manager.query(`SELECT * FROM campaigns WHERE organization_id = $1 AND id = $2 FOR UPDATE`, [organizationId, id])) as CampaignRow[];
    return rows[0] ?? null;
  }

  async list(request: ListCampaignsRequest, limit: number, before: string | undefined): Promise<CampaignRow[]> {
    const where = ['organization_id = $1'];
    const values: unknown[] = [request.organizationId];
    const add = (condition: string, value: unknown) => {
      values.push(value);
      where.push(condition.replace('?', `$${values.length}`));
    };
    if (before) add('id < ?', before);
    if (request.status) add('status = ?', request.status);
    if (request.name) add(`name ILIKE '%' || ? || '%'`, request.name.replace(/[\\%_]/g, (character) => `\\${character}`));
    if (request.from) add('created_at >= ?', new Date(request.from));
    if (request.until) add('created_at < ?', new Date(request.until));
    values.push(limit);
    return (await this.dataSource.query(`SELECT * FROM campaigns WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${values.length}`, values)) as CampaignRow[];
  }

  /**
   * Moves an upload's staged rows to the campaign's recipients, in line order: the first row of each
   * number kept (unless duplicates are allowed), opted-out numbers dropped for promotional traffic.
   */
  async takeRecipients(manager: EntityManager, uploadId: string, organizationId: string, allowDuplicates: boolean, dropOptedOut: boolean): Promise<RecipientsSummary> {
    const rows = (await manager.query(
      `WITH staged AS MATERIALIZED (
         SELECT line, phone, country, body, segments, template_variables FROM campaign_upload_rows WHERE upload_id = $1
       ), kept AS MATERIALIZED (
         SELECT * FROM staged WHERE $3::boolean
         UNION ALL
         (SELECT DISTINCT ON (phone) * FROM staged WHERE NOT $3::boolean ORDER BY phone, line)
       ), reachable AS (
         SELECT * FROM kept k
          WHERE NOT ($4::boolean AND EXISTS (SELECT 1 FROM opt_outs o WHERE o.organization_id = $2 AND o.phone_number = k.phone))
       ), taken AS (
         INSERT INTO campaign_recipients (campaign_id, position, line, phone, country, body, segments, template_variables)
         SELECT $1, row_number() OVER (ORDER BY line), line, phone, country, body, segments, template_variables FROM reachable
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM staged)::int AS staged, (SELECT count(*) FROM kept)::int AS kept, (SELECT count(*) FROM taken)::int AS accepted`,
      [uploadId, organizationId, allowDuplicates, dropOptedOut],
    )) as RecipientsSummary[];
    return rows[0];
  }

  async recipientGroups(manager: EntityManager, campaignId: string): Promise<{ country: string; segments: number; count: number }[]> {
    return (await manager.query(
      `SELECT country, segments, count(*)::int AS count FROM campaign_recipients WHERE campaign_id = $1 GROUP BY country, segments`,
      [campaignId],
    )) as { country: string; segments: number; count: number }[];
  }

  async firstRecipients(manager: EntityManager, campaignId: string, count: number) {
    return (await manager.query(
      `SELECT line, phone AS "to", body, segments FROM campaign_recipients WHERE campaign_id = $1 ORDER BY position LIMIT $2`,
      [campaignId, count],
    )) as { line: number; to: string; body: string; segments: number }[];
  }

  async countErrors(manager: EntityManager, campaignId: string): Promise<number> {
    const rows = (await manager.query(`SELECT count(*)::int AS count FROM campaign_errors WHERE campaign_id = $1`, [campaignId])) as { count: number }[];
    return rows[0].count;
  }

  async insert(manager: EntityManager, row: Omit<CampaignRow, 'next_position' | 'window_cursors' | 'next_send_at' | 'queued' | 'sent' | 'delivered' | 'failed' | 'undelivered' | 'canceled' | 'expired' | 'spent' | 'reserved' | 'settled_at' | 'version' | 'updated_at' | 'started_at' | 'completed_at'>): Promise<void> {
    await manager.query(
      `INSERT INTO campaigns (id, organization_id, name, status, type, route_preference, options, rate_per_second, schedule_at, expires_at,
         total_rows, accepted, rejected, duplicates, opted_out, estimated_segments, estimated_price, currency, unit_prices, preview, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21)`,
      [
        row.id,
        row.organization_id,
        row.name,
        row.status,
        row.type,
        row.route_preference,
        JSON.stringify(row.options),
        row.rate_per_second,
        row.schedule_at,
        row.expires_at,
        row.total_rows,
        row.accepted,
        row.rejected,
        row.duplicates,
        row.opted_out,
        row.estimated_segments,
        row.estimated_price,
        row.currency,
        JSON.stringify(row.unit_prices),
        JSON.stringify(row.preview),
        row.created_at,
      ],
    );
    await manager.query(`INSERT INTO campaign_status_history (campaign_id, version, status, at) VALUES ($1, 1, $2, $3)`, [row.id, row.status, row.created_at]);
  }

  /** A lifecycle step: the status, the fields that go with it, a new version and its history entry. */
  async moveTo(manager: EntityManager, id: string, status: CampaignStatus, fields: Record<string, unknown> = {}): Promise<CampaignRow> {
    const names = Object.keys(fields);
    const sets = names.map((name, index) => `${name} = $${index + 3}`);
    const rows = (await manager.query(
      `UPDATE campaigns SET status = $2, version = version + 1, updated_at = now()${sets.map((set) => `, ${set}`).join('')}
        WHERE id = $1 RETURNING *`,
      [id, status, ...names.map((name) => fields[name])],
    )) as [CampaignRow[], number];
    const row = rows[0][0];
    await manager.query(`INSERT INTO campaign_status_history (campaign_id, version, status, at) VALUES ($1, $2, $3, now())`, [id, row.version, status]);
    return row;
  }

  async statusChanges(campaignId: string, afterVersion: number): Promise<CampaignStatusChange[]> {
    const rows = (await this.dataSource.query(
      `SELECT status, version, at FROM campaign_status_history WHERE campaign_id = $1 AND version > $2 ORDER BY version`,
      [campaignId, afterVersion],
    )) as { status: CampaignStatus; version: string; at: Date }[];
    return rows.map((row) => ({ status: row.status, version: Number(row.version), at: row.at.toISOString() }));
  }
}
