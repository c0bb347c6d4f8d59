import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface AuditLogFilter {
  /** Absent: every organization's entries and those of no organization (operators only). */
  organizationId?: string;
  action?: string;
  actorId?: string;
  from?: string;
  until?: string;
  /** The last id of the previous page. */
  before?: string;
}

export interface AuditLogRow {
  id: string;
  actor_id: string | null;
  action: string;
  organization_id: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/** Reads the audit log newest first by id (UUIDv7, so time order); only the filters given become conditions. */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(filter: AuditLogFilter, limit: number): Promise<AuditLogRow[]> {
    const values: unknown[] = [];
    const parameter = (value: unknown) => `$${values.push(value)}`;
    const conditions: string[] = [];
    if (filter.organizationId) conditions.push(`organization_id = ${parameter(filter.organizationId)}::uuid`);
    if (filter.action) conditions.push(`action = ${parameter(filter.action)}`);
    if (filter.actorId) conditions.push(`actor_id = ${parameter(filter.actorId)}::uuid`);
    if (filter.from) conditions.push(`at >= ${parameter(filter.from)}::timestamptz`);
    if (filter.until) conditions.push(`at < ${parameter(filter.until)}::timestamptz`);
    if (filter.before) conditions.push(`id < ${parameter(filter.before)}::uuid`);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    return (await this.dataSource.query(
      `SELECT id, actor_id, action, organization_id, details, at FROM audit_log ${where} ORDER BY id DESC LIMIT ${parameter(limit)}`,
      values,
    )) as AuditLogRow[];
  }
}
