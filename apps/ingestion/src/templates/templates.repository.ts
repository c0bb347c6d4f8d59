import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BatchTemplate, TemplateView } from '@zagel/contracts';

export interface TemplateRow {
  id: string;
  organization_id: string;
  name: string;
  category: string | null;
  current_version: number;
  usage_count: string;
  created_at: Date;
  updated_at: Date;
  version: number;
  body: string;
  variables: string[];
  provider_codes: Record<string, string>;
}

export function toTemplateView(row: TemplateRow): TemplateView {
  return {
    id: row.id,
    name: row.name,
    ...(row.category ? { category: row.category } : {}),
    body: row.body,
    variables: row.variables,
    version: row.version,
    latestVersion: row.current_version,
    providerCodes: row.provider_codes ?? {},
    usageCount: Number(row.usage_count),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const SELECT = `
  SELECT t.id, t.organization_id, t.name, t.category, t.current_version, t.usage_count, t.created_at, t.updated_at,
         v.version, v.body, v.variables, v.provider_codes
  FROM templates t JOIN template_versions v ON v.template_id = t.id`;

/** Templates and their versions; every query names the organization. */
@Injectable()
export class TemplatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(organizationId: string, templateId: string, version?: number): Promise<TemplateRow | null> {
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE t.organization_id = $1 AND t.id = $2 AND t.deleted_at IS NULL AND v.version = coalesce($3, t.current_version)`,
      [organizationId, templateId, version ?? null],
    )) as TemplateRow[];
    return rows[0] ?? null;
  }

  /**
   * The codes at providers of a template version a message or campaign was rendered from (the
   * current one if none is named); undefined when it has none. A template deleted since still
   * answers: what was accepted from it goes out as it was accepted.
   */
  async providerCodesOf(organizationId: string, templateId: string, version?: number): Promise<BatchTemplate | undefined> {
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE t.organization_id = $1 AND t.id = $2 AND v.version = coalesce($3, t.current_version)`,
      [organizationId, templateId, version ?? null],
    )) as TemplateRow[];
    const found = rows[0];
    if (!found || Object.keys(found.provider_codes ?? {}).length === 0) return undefined;
    return { id: found.id, version: found.version, providerCodes: found.provider_codes };
  }

  list(organizationId: string, limit: number, cursor?: string, category?: string): Promise<TemplateRow[]> {
    return this.dataSource.query(
      `${SELECT} WHERE t.organization_id = $1 AND t.deleted_at IS NULL AND v.version = t.current_version
         AND ($2::uuid IS NULL OR t.id < $2) AND ($3::text IS NULL OR t.category = $3)
       ORDER BY t.id DESC LIMIT $4`,
      [organizationId, cursor ?? null, category ?? null, limit],
    );
  }

  async insert(
    manager: EntityManager,
    template: { id: string; organizationId: string; name: string; category?: string },
    version: { body: string; variables: string[]; providerCodes: Record<string, string> },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO templates (id, organization_id, name, category, current_version) VALUES ($1, $2, $3, $4, 1)`,
      [template.id, template.organizationId, template.name, template.category ?? null],
    );
    await this.insertVersion(manager, template.id, 1, version);
  }

  /** Locks the template for an edit; null if the organization has no such template. */
  async lock(manager: EntityManager, organizationId: string, templateId: string): Promise<TemplateRow | null> {
    const rows = (await manager.query(
      `${SELECT} WHERE t.organization_id = $1 AND t.id = $2 AND t.deleted_at IS NULL AND v.version = t.current_version FOR UPDATE OF t`,
      [organizationId, templateId],
    )) as TemplateRow[];
    return rows[0] ?? null;
  }

  async insertVersion(
    manager: EntityManager,
    templateId: string,
    version: number,
    content: { body: string; variables: string[]; providerCodes: Record<string, string> },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO template_versions (template_id, version, body, variables, provider_codes) VALUES ($1, $2, $3, $4, $5)`,
      [templateId, version, content.body, content.variables, JSON.stringify(content.providerCodes)],
    );
  }

  async update(
    manager: EntityManager,
    templateId: string,
    fields: { name: string; category: string | null; currentVersion: number },
  ): Promise<void> {
    await manager.query(
      `UPDATE templates SET name = $2, category = $3, current_version = $4, updated_at = now() WHERE id = $1`,
      [templateId, fields.name, fields.category, fields.currentVersion],
    );
  }

  async softDelete(organizationId: string, templateId: string): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(
      `UPDATE templates SET deleted_at = now() WHERE organization_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [organizationId, templateId],
    )) as [unknown, number];
    return affected > 0;
  }

  /** Counts sends per template, in the sending transaction. */
  async countUsage(manager: EntityManager, organizationId: string, uses: Map<string, number>): Promise<void> {
    if (uses.size === 0) return;
    await manager.query(
      `UPDATE templates t SET usage_count = t.usage_count + u.uses
       FROM unnest($2::uuid[], $3::int[]) AS u (id, uses) WHERE t.id = u.id AND t.organization_id = $1`,
      [organizationId, [...uses.keys()], [...uses.values()]],
    );
  }
}
