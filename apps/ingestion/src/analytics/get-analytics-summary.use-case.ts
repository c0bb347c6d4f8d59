import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AnalyticsFigures, AnalyticsGrouping, AnalyticsSummary, AnalyticsSummaryRequest, IngestionErrorCode } from '@zagel/contracts';
import { IngestionError } from '../shared/ingestion-error';

const GROUP_KEYS: Record<AnalyticsGrouping, string> = {
  day: `to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  country: `m.country`,
  route: `coalesce(m.route, 'none')`,
  type: `m.type`,
};

const REACHED_NETWORK = `m.status IN ('sent', 'delivered', 'undelivered')`;

interface FiguresRow {
  key: string | null;
  messages: string;
  sent: string;
  delivered: string;
  failed: string;
  segments: string;
  cost: string;
  otp_sent: string;
  otp_verified: string;
  currency: string | null;
}

function figures(row: FiguresRow): AnalyticsFigures {
  const sent = Number(row.sent);
  const delivered = Number(row.delivered);
  const otpSent = Number(row.otp_sent);
  const otpVerified = Number(row.otp_verified);
  return {
    messages: Number(row.messages),
    sent,
    delivered,
    failed: Number(row.failed),
    deliveryRate: sent === 0 ? 0 : delivered / sent,
    segments: Number(row.segments),
    cost: Number(row.cost),
    otpSent,
    otpVerified,
    otpConversionRate: otpSent === 0 ? 0 : otpVerified / otpSent,
  };
}

/**
 * Delivery figures for messages created in [from, to): sent (reached the network), delivered, failed,
 * delivery rate, segments, cost (price of what reached the network) and OTP conversion (verified / sent).
 */
@Injectable()
export class GetAnalyticsSummaryUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(request: AnalyticsSummaryRequest): Promise<AnalyticsSummary> {
    if (new Date(request.from) >= new Date(request.to)) {
      throw new IngestionError(IngestionErrorCode.InvalidSchedule, 'from must be before to');
    }
    const query = (key: string) => `
      SELECT ${key} AS key,
        count(*) AS messages,
        count(*) FILTER (WHERE ${REACHED_NETWORK}) AS sent,
        count(*) FILTER (WHERE m.status = 'delivered') AS delivered,
        count(*) FILTER (WHERE m.status IN ('failed', 'undelivered')) AS failed,
        coalesce(sum(m.segments) FILTER (WHERE ${REACHED_NETWORK}), 0) AS segments,
        coalesce(sum(m.price) FILTER (WHERE ${REACHED_NETWORK}), 0) AS cost,
        count(*) FILTER (WHERE m.type = 'otp' AND ${REACHED_NETWORK}) AS otp_sent,
        count(c.message_id) FILTER (WHERE m.type = 'otp') AS otp_verified,
        max(nullif(m.currency, '')) AS currency
      FROM messages m LEFT JOIN otp_conversions c ON c.message_id = m.id
      WHERE m.organization_id = $1 AND m.created_at >= $2 AND m.created_at < $3
      GROUP BY 1 ORDER BY 1`;
    const params = [request.organizationId, request.from, request.to];
    const [totals] = (await this.dataSource.query(query('NULL::text'), params)) as FiguresRow[];
    const groups = request.groupBy ? ((await this.dataSource.query(query(GROUP_KEYS[request.groupBy]), params)) as FiguresRow[]) : [];
    const empty: FiguresRow = { key: null, messages: '0', sent: '0', delivered: '0', failed: '0', segments: '0', cost: '0', otp_sent: '0', otp_verified: '0', currency: null };
    return {
      from: new Date(request.from).toISOString(),
      to: new Date(request.to).toISOString(),
      currency: totals?.currency ?? '',
      totals: figures(totals ?? empty),
      ...(request.groupBy ? { groupBy: request.groupBy } : {}),
      groups: groups.map((row) => ({ key: row.key ?? '', ...figures(row) })),
    };
  }
}
