import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { CampaignOptions } from '@zagel/contracts';
import { CsvLayout } from './csv-layout';
import { KeptRow, RefusedRow } from './csv-rows';

export interface UploadRow {
  id: string;
  options: CampaignOptions;
  layout: CsvLayout;
}

/** COPY's text format: backslash, tab and line ends escaped. */
function copyText(value: string | number): string {
  return typeof value === 'number' ? String(value) : value.replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character]);
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function* copyLines<T>(rows: T[], fields: (row: T) => (string | number)[]): Generator<string> {
  const BATCH = 1_000;
  for (let start = 0; start < rows.length; start += BATCH) {
    let text = '';
    for (const row of rows.slice(start, start + BATCH)) text += fields(row).map(copyText).join('\t') + '\n';
    yield text;
  }
}

const LAYOUT_CACHE_ENTRIES = 1_000;

/** Uploads in progress: their options and header layout, and their rows and refusals as they arrive. */
@Injectable()
export class CampaignUploadsRepository {
  private readonly layouts = new Map<string, UploadRow>();

  constructor(private readonly dataSource: DataSource) {}

  async create(id: string, organizationId: string, options: CampaignOptions, layout: CsvLayout): Promise<void> {
    await this.dataSource.query(`INSERT INTO campaign_uploads (id, organization_id, options, layout) VALUES ($1, $2, $3, $4)`, [
      id,
      organizationId,
      JSON.stringify(options),
      JSON.stringify(layout),
    ]);
  }

  async find(organizationId: string, id: string): Promise<UploadRow | null> {
    const cached = this.layouts.get(`${organizationId}/${id}`);
    if (cached) return cached;
    const rows = (await this.dataSource.query(`SELECT id, options, layout FROM campaign_uploads WHERE organization_id = $1 AND id = $2`, [
      organizationId,
      id,
    ])) as UploadRow[];
    if (!rows[0]) return null;
    if (this.layouts.size >= LAYOUT_CACHE_ENTRIES) this.layouts.clear();
    this.layouts.set(`${organizationId}/${id}`, rows[0]);
    return rows[0];
  }

  /** Stores one chunk's rows and refusals with COPY, both or neither. */
  async append(uploadId: string, kept: KeptRow[], refused: RefusedRow[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await client.query('BEGIN');
      if (kept.length > 0) {
        await pipeline(
          Readable.from(copyLines(kept, (row) => [uploadId, row.line, row.phone, row.country, row.body, row.segments])),
          client.query(copyFrom('COPY campaign_upload_rows (upload_id, line, phone, country, body, segments) FROM STDIN')),
        );
      }
      if (refused.length > 0) {
        await pipeline(
          Readable.from(copyLines(refused, (row) => [uploadId, row.line, row.phone, row.code, row.reason])),
          client.query(copyFrom('COPY campaign_errors (campaign_id, line, phone, code, reason) FROM STDIN')),
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Forgets an upload: its staged rows, its refusals and itself (a fault, an abort, or the finish). */
  async discard(id: string, keepErrors = false): Promise<void> {
    for (const key of this.layouts.keys()) if (key.endsWith(`/${id}`)) this.layouts.delete(key);
    await this.dataSource.query(`DELETE FROM campaign_upload_rows WHERE upload_id = $1`, [id]);
    if (!keepErrors) await this.dataSource.query(`DELETE FROM campaign_errors WHERE campaign_id = $1`, [id]);
    await this.dataSource.query(`DELETE FROM campaign_uploads WHERE id = $1`, [id]);
  }

  /** Uploads a gateway left unfinished (it died mid-file): gone after an hour. */
  async abandoned(olderThanSeconds: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM campaign_uploads WHERE created_at < now() - make_interval(secs => $1) LIMIT 100`,
      [olderThanSeconds],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }
}
