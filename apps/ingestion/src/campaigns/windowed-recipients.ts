import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { SendWindow } from '@zagel/contracts';
import { CampaignRow } from './campaign-row';
import { ClaimedRecipient } from './claimed-recipient';
import { nextSendWindowOpening, sendWindowOpen } from './send-window';

export interface WindowedClaim {
  claimed: ClaimedRecipient[];
  /** Where each country's next recipient is looked for, after this claim. */
  cursors: Record<string, number>;
  /** Nothing could be claimed now: when the window next opens for a country with recipients left. */
  waitUntil?: Date;
}

/** The countries a campaign sends to (its unit prices are keyed by country and segments). */
export function campaignCountries(campaign: Pick<CampaignRow, 'unit_prices'>): string[] {
  return [...new Set(Object.keys(campaign.unit_prices).map((key) => key.split('|')[0]))].sort();
}

/**
 * The next recipients of a campaign with a send window: from the countries whose window is open now
 * (open in all their time zones), the country furthest behind first, in line order within it. Each
 * country's cursor only moves forward, so the scans of a whole campaign read each row once per country.
 */
@Injectable()
export class WindowedRecipients {
  async claim(manager: EntityManager, campaign: CampaignRow, window: SendWindow, size: number, now: Date): Promise<WindowedClaim> {
    const cursors = { ...campaign.window_cursors };
    const cursorOf = (country: string) => cursors[country] ?? 1;
    const left = campaignCountries(campaign).filter((country) => cursorOf(country) <= campaign.accepted);
    const open = left.filter((country) => sendWindowOpen(window, country, now)).sort((a, b) => cursorOf(a) - cursorOf(b));
    for (const country of open) {
      const claimed = await this.claimCountry(manager, campaign.id, country, cursorOf(country), size);
      cursors[country] = claimed.length < size ? campaign.accepted + 1 : claimed[claimed.length - 1].position + 1;
      if (claimed.length > 0) return { claimed, cursors };
    }
    const openings = left
      .filter((country) => cursorOf(country) <= campaign.accepted)
      .map((country) => nextSendWindowOpening(window, country, now))
      .filter((opening): opening is Date => opening !== undefined && opening.getTime() > now.getTime());
    const waitUntil = openings.length > 0 ? new Date(Math.min(...openings.map((opening) => opening.getTime()))) : undefined;
    return { claimed: [], cursors, ...(waitUntil ? { waitUntil } : {}) };
  }

  /**
   * The rows to update are named by an array of positions (an index condition) as well as joined:
   * without table statistics a bare join may be planned as a hash of the whole campaign per chunk.
   */
  private async claimCountry(manager: EntityManager, campaignId: string, country: string, from: number, size: number): Promise<ClaimedRecipient[]> {
    const ids = Array.from({ length: size }, () => uuidv7());
    const [rows] = (await manager.query(
      `WITH picked AS (
         SELECT position, row_number() OVER (ORDER BY position) AS n FROM campaign_recipients
          WHERE campaign_id = $1 AND country = $2 AND position >= $3 AND message_id IS NULL
          ORDER BY position LIMIT $4
       )
       UPDATE campaign_recipients r SET message_id = ($5::uuid[])[p.n]
         FROM picked p
        WHERE r.campaign_id = $1 AND r.position = ANY (ARRAY(SELECT position FROM picked)) AND r.position = p.position
        RETURNING r.position, r.phone, r.country, r.body, r.segments, r.message_id, r.template_variables`,
      [campaignId, country, from, size, ids],
    )) as [ClaimedRecipient[], number];
    return rows.sort((a, b) => a.position - b.position);
  }
}
