import { CampaignOptions, CampaignPreviewRow, CampaignStatus, CampaignView, MessageType, RoutePreference } from '@zagel/contracts';
import { isoOrUndefined, withoutEmpty } from '../shared/iso';

export interface CampaignRow {
  id: string;
  organization_id: string;
  name: string;
  status: CampaignStatus;
  type: MessageType;
  route_preference: RoutePreference;
  options: CampaignOptions;
  rate_per_second: number | null;
  schedule_at: Date | null;
  expires_at: Date | null;
  total_rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  opted_out: number;
  estimated_segments: string;
  estimated_price: string;
  currency: string;
  unit_prices: Record<string, number>;
  preview: CampaignPreviewRow[];
  next_position: number;
  /** Campaigns with a send window: per country, the line position its next recipient is looked for from. */
  window_cursors: Record<string, number>;
  next_send_at: Date | null;
  queued: string;
  sent: string;
  delivered: string;
  failed: string;
  undelivered: string;
  canceled: string;
  expired: string;
  spent: string;
  reserved: string;
  settled_at: Date | null;
  version: string;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

/** The key of a unit price: what billing prices a message by, besides its type and route. */
export const unitPriceKey = (country: string, segments: number) => `${country}|${segments}`;

/** What reserving a whole campaign is called in billing (captured and released as one). */
export const reservationReference = (campaignId: string) => `campaign:${campaignId}`;

/** Messages a second over the campaign's sending so far, and the seconds left at that pace. */
function pace(row: CampaignRow, now: Date): { rate?: number; etaSeconds?: number } {
  if (!row.started_at || row.status !== 'running') return {};
  const handedOut = row.next_position - 1;
  const seconds = (now.getTime() - row.started_at.getTime()) / 1000;
  if (handedOut <= 0 || seconds <= 0) return {};
  const rate = Math.max(1, Math.round(handedOut / seconds));
  return { rate, etaSeconds: Math.ceil((row.accepted - handedOut) / rate) };
}

export function toCampaignView(row: CampaignRow, now = new Date()): CampaignView {
  return withoutEmpty({
    id: row.id,
    name: row.name,
    status: row.status,
    type: row.type,
    route: row.route_preference,
    totals: { rows: row.total_rows, accepted: row.accepted, rejected: row.rejected, duplicates: row.duplicates, optedOut: row.opted_out },
    estimate: { messages: row.accepted, segments: Number(row.estimated_segments), price: Number(row.estimated_price), currency: row.currency },
    counters: {
      queued: Number(row.queued),
      sent: Number(row.sent),
      delivered: Number(row.delivered),
      failed: Number(row.failed),
      undelivered: Number(row.undelivered),
      canceled: Number(row.canceled),
      expired: Number(row.expired),
    },
    reserved: Number(row.reserved),
    spent: Number(row.spent),
    ...pace(row, now),
    ratePerSecond: row.rate_per_second,
    scheduleAt: isoOrUndefined(row.schedule_at),
    createdAt: row.created_at.toISOString(),
    startedAt: isoOrUndefined(row.started_at),
    completedAt: isoOrUndefined(row.completed_at),
    updatedAt: row.updated_at.toISOString(),
  });
}
