import { Schema } from '@zagel/sdk';

type Campaign = Schema<'CampaignView'>;

const WIDTH = 30;

/** One line that says where a campaign is: a bar of what reached a final status, the counters, pace and ETA. */
export function progressLine(campaign: Campaign): string {
  const { counters, totals } = campaign;
  const settled = counters.delivered + counters.failed + counters.undelivered + counters.canceled + counters.expired;
  const done = counters.sent + settled;
  const fraction = totals.accepted === 0 ? 1 : Math.min(1, done / totals.accepted);
  const filled = Math.round(fraction * WIDTH);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`;
  const parts = [
    `[${bar}] ${(fraction * 100).toFixed(0).padStart(3)}%`,
    `${done}/${totals.accepted}`,
    campaign.status,
    `queued ${counters.queued}`,
    `sent ${counters.sent}`,
    `delivered ${counters.delivered}`,
    `failed ${counters.failed + counters.undelivered}`,
  ];
  if (campaign.rate !== undefined) parts.push(`${campaign.rate}/s`);
  if (campaign.etaSeconds !== undefined) parts.push(`ETA ${campaign.etaSeconds}s`);
  return parts.join('  ');
}
