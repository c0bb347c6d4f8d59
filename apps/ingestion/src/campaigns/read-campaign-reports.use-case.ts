import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignReportPage, CampaignReportPageRequest } from '@zagel/contracts';
import { ReadCampaignsUseCase } from './read-campaigns.use-case';

type Cell = string | number;

/** The two reports, a page at a time in line order: the gateway streams them to the client as CSV. */
@Injectable()
export class ReadCampaignReportsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: ReadCampaignsUseCase,
  ) {}

  /** `line,phone,code,reason` for every refused row. */
  async errors(request: CampaignReportPageRequest): Promise<CampaignReportPage> {
    await this.campaigns.found(request);
    const rows = (await this.dataSource.query(
      `SELECT line, phone, code, reason FROM campaign_errors WHERE campaign_id = $1 AND line > $2 ORDER BY line LIMIT $3`,
      [request.campaignId, request.after ?? 0, request.limit],
    )) as { line: number; phone: string; code: string; reason: string }[];
    return page(rows.map((row) => [row.line, row.phone, row.code, row.reason]), request.limit, rows.at(-1)?.line);
  }

  /** `line,phone,messageId,status,errorCode,segments,price,sentAt,deliveredAt` for every recipient. */
  async recipients(request: CampaignReportPageRequest): Promise<CampaignReportPage> {
    const campaign = await this.campaigns.found(request);
    const rows = (await this.dataSource.query(
      `SELECT r.position, r.line, r.phone, r.message_id, coalesce(m.status, 'pending') AS status, m.error_code, r.segments,
              coalesce(m.price, ($4::jsonb ->> (r.country || '|' || r.segments))::bigint, 0) AS price, m.sent_at, m.delivered_at
         FROM campaign_recipients r
         LEFT JOIN messages m ON m.id = r.message_id AND m.organization_id = $5
        WHERE r.campaign_id = $1 AND r.position > $2
        ORDER BY r.position LIMIT $3`,
      [campaign.id, request.after ?? 0, request.limit, JSON.stringify(campaign.unit_prices), campaign.organization_id],
    )) as {
      position: number;
      line: number;
      phone: string;
      message_id: string | null;
      status: string;
      error_code: string | null;
      segments: number;
      price: string;
      sent_at: Date | null;
      delivered_at: Date | null;
    }[];
    return page(
      rows.map((row) => [
        row.line,
        row.phone,
        row.message_id ?? '',
        row.status,
        row.error_code ?? '',
        row.segments,
        Number(row.price),
        row.sent_at?.toISOString() ?? '',
        row.delivered_at?.toISOString() ?? '',
      ]),
      request.limit,
      rows.at(-1)?.position,
    );
  }
}

function page(rows: Cell[][], limit: number, last: number | undefined): CampaignReportPage {
  return { rows, ...(rows.length === limit && last !== undefined ? { nextAfter: last } : {}) };
}
