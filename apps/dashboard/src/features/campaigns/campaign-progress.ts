import { ApiError, type Schema } from '@zagel/sdk';
import { money } from '../../components/money';

export type Campaign = Schema<'CampaignView'>;

const FINAL_STATUSES: ReadonlySet<Campaign['status']> = new Set(['completed', 'canceled', 'failed']);

export function isFinal(campaign: Campaign): boolean {
  return FINAL_STATUSES.has(campaign.status);
}

/** Recipients the campaign is done handing to a route: sent, or settled whatever the outcome. */
export function handled(campaign: Campaign): number {
  const { sent, delivered, failed, undelivered, canceled, expired } = campaign.counters;
  return sent + delivered + failed + undelivered + canceled + expired;
}

/** Whole percent of the accepted recipients handled; 100 once completed (an empty campaign too). */
export function percentDone(campaign: Campaign): number {
  if (campaign.status === 'completed') return 100;
  const total = campaign.totals.accepted;
  if (total === 0) return 0;
  return Math.min(100, Math.floor((handled(campaign) * 100) / total));
}

/** The actions the API allows from this status (others answer 409 invalid_campaign_transition). */
export function allowedActions(campaign: Campaign): ReadonlyArray<'start' | 'pause' | 'resume' | 'cancel'> {
  switch (campaign.status) {
    case 'draft':
      return ['start', 'cancel'];
    case 'scheduled':
      return ['cancel'];
    case 'running':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    default:
      return [];
  }
}

/** The query key of a campaign's preview rows: the upload's 201 answer holds them, `GET /v1/campaigns/{id}` does not. */
export function previewKey(id: string): readonly unknown[] {
  return ['campaigns', id, 'preview'];
}

/**
 * A refused start (402 insufficient_funds) in words: how much the balance lacks and what it holds;
 * undefined for any other error.
 */
export function shortfallText(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.problem.code !== 'insufficient_funds') return undefined;
  const { shortfall, available, currency } = error.problem;
  if (typeof shortfall !== 'number') return undefined;
  const unit = typeof currency === 'string' && currency !== '' ? currency : 'USD';
  const held = typeof available === 'number' ? ` (available: ${money(available, unit)})` : '';
  return `Your balance is ${money(shortfall, unit)} short of this campaign's estimate${held}. Add credit, then start it again.`;
}
