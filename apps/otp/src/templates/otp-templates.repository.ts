import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ExpiringCache } from '@zagel/concurrency';
import { OtpTemplateView } from '@zagel/contracts';

interface TemplateRow {
  id: string;
  organization_id: string;
  name: string;
  body: string;
  created_at: Date;
}

function toView(row: TemplateRow): OtpTemplateView {
  return { id: row.id, name: row.name, body: row.body, createdAt: row.created_at.toISOString() };
}

/**
 * How long an instance uses a template it read. Templates never change (a new text is a new template);
 * a deletion is forgotten at once by the instance that deletes, by the others within this time.
 */
export const TEMPLATE_CACHE_MS = 5_000;

/** The organization's own verification texts (with `{code}`), referred to by `templateId`. */
@Injectable()
export class OtpTemplatesRepository {
  private readonly cache = new ExpiringCache<OtpTemplateView>(10_000);

  constructor(private readonly dataSource: DataSource) {}

  async insert(row: { id: string; organizationId: string; name: string; body: string }): Promise<OtpTemplateView> {
    const rows = (await this.dataSource.query(
      `INSERT INTO otp_templates (id, organization_id, name, body) VALUES ($1, $2, $3, $4) RETURNING *`,
      [row.id, row.organizationId, row.name, row.body],
    )) as TemplateRow[];
    return toView(rows[0] as TemplateRow);
  }

  async find(organizationId: string, id: string): Promise<OtpTemplateView | undefined> {
    const cacheKey = `${organizationId}:${id}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const rows = (await this.dataSource.query(`SELECT * FROM otp_templates WHERE id = $1 AND organization_id = $2`, [id, organizationId])) as TemplateRow[];
    const template = rows[0] && toView(rows[0]);
    if (template) this.cache.set(cacheKey, template, TEMPLATE_CACHE_MS);
    return template;
  }

  async list(organizationId: string): Promise<OtpTemplateView[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM otp_templates WHERE organization_id = $1 ORDER BY created_at, id LIMIT 500`,
      [organizationId],
    )) as TemplateRow[];
    return rows.map(toView);
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    const [, count] = (await this.dataSource.query(`DELETE FROM otp_templates WHERE id = $1 AND organization_id = $2`, [id, organizationId])) as [
      unknown,
      number,
    ];
    this.cache.delete(`${organizationId}:${id}`);
    return count > 0;
  }
}
