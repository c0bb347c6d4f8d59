import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import { once } from 'node:events';
import { CampaignReportPage, ERRORS_REPORT_COLUMNS, ReadCampaignErrors, ReadCampaignReport, RECIPIENTS_REPORT_COLUMNS } from '@zagel/contracts';
import { CorrelationContext } from '@zagel/observability';
import { ServiceRpc } from '../service-rpc/service-rpc';

const PAGE_ROWS = 5_000;

export type CampaignReportKind = 'errors' | 'report';

/**
 * Streams a campaign's report as CSV, a page from ingestion at a time, writing each page before the
 * next is read (the client's pace sets ours). The first page is read before answering, so a campaign
 * of another organization is a 404 problem, not an empty file.
 */
@Injectable()
export class CampaignReports {
  constructor(private readonly rpc: ServiceRpc) {}

  async send(correlation: CorrelationContext, kind: CampaignReportKind, organizationId: string, campaignId: string, reply: FastifyReply): Promise<void> {
    const contract = kind === 'errors' ? ReadCampaignErrors : ReadCampaignReport;
    const read = (after?: number): Promise<CampaignReportPage> =>
      this.rpc.call(correlation, 'ingestion', contract, { organizationId, campaignId, limit: PAGE_ROWS, ...(after !== undefined ? { after } : {}) });
    let page = await read();
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="campaign-${campaignId}-${kind}.csv"`,
      'cache-control': 'no-store',
    });
    const csv = stringify({ header: true, columns: [...(kind === 'errors' ? ERRORS_REPORT_COLUMNS : RECIPIENTS_REPORT_COLUMNS)] });
    csv.pipe(reply.raw);
    try {
      for (;;) {
        for (const row of page.rows) if (!csv.write(row)) await once(csv, 'drain');
        if (page.nextAfter === undefined) break;
        page = await read(page.nextAfter);
      }
      csv.end();
      await once(reply.raw, 'finish');
    } catch {
      // Headers are out: the broken connection tells the client the file is incomplete.
      reply.raw.destroy();
    }
  }
}
