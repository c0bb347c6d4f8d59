import type { Schema } from '@zagel/sdk';

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
