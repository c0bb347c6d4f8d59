import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignOptions } from '@zagel/contracts';
import { copyRows } from '@zagel/database';
import { CsvLayout } from './csv-layout';
import { isRefused, ParsedRow, RefusedRow } from './csv-rows';

export interface UploadRow {
  id: string;
  options: CampaignOptions;
  layout: CsvLayout;
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

  /**
   * Stores one chunk's rows and refusals with COPY, both or neither, reading the rows as the COPY
   * takes them; answers how many records the chunk held.
   */
  async append(uploadId: string, parsed: Iterable<ParsedRow>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      let records = 0;
      const refused: RefusedRow[] = [];
      function* kept() {
        for (const row of parsed) {
          records += 1;
          if (isRefused(row)) refused.push(row);
          else yield [uploadId, row.line, row.phone, row.country, row.body, row.segments, row.templateVariables];
        }
      }
      await copyRows(manager, 'campaign_upload_rows', ['upload_id', 'line', 'phone', 'country', 'body', 'segments', 'template_variables'], kept());
      if (refused.length > 0) {
        const rows = refused.map((row) => [uploadId, row.line, row.phone, row.code, row.reason]);
        await copyRows(manager, 'campaign_errors', ['campaign_id', 'line', 'phone', 'code', 'reason'], rows);
      }
      return records;
    });
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
