import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { BatchTemplate, MAX_BATCH_RECIPIENTS, recipientTemplate } from '@zagel/contracts';
import { analyzeSms } from '@zagel/sms-encoding';
import { MessageBatchRequests } from '../messages/message-batch-requests';
import { MessageDraft } from '../messages/message-draft';
import { MessagesRepository } from '../messages/messages.repository';
import { OptedOutSends } from '../messages/opted-out-sends';
import { TemplatesRepository } from '../templates/templates.repository';
import { CampaignRow, unitPriceKey } from './campaign-row';
import { ClaimedRecipient } from './claimed-recipient';
import { WindowedRecipients } from './windowed-recipients';

/** The campaign was paused, canceled or sent on by another transaction while this chunk was made: roll it back. */
export class CampaignChunkSuperseded extends Error {
  constructor(campaignId: string) {
    super(`campaign ${campaignId} changed while its chunk was made`);
  }
}

/** A window that never opens again was refused at upload; should one slip through, look again in an hour. */
const IDLE_WINDOW_RECHECK_MS = 3_600_000;

/**
 * Hands the next chunk of a running campaign to the router, exactly once: the chunk's recipients
 * get their message ids, the messages are stored, one `message.batch.requested` goes to the outbox
 * (MessageBatchRequests, as for every bulk sender)
 * and the campaign's position moves on, all in the caller's transaction (which holds the campaign's chunk lock).
 * Without a send window recipients go in line order; with one, by country while the window is open
 * there (WindowedRecipients), and a campaign with no country open waits for the next opening.
 */
@Injectable()
export class SendCampaignChunk {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly batches: MessageBatchRequests,
    private readonly windowed: WindowedRecipients,
    private readonly optedOut: OptedOutSends,
    private readonly templates: TemplatesRepository,
  ) {}

  /** The next chunk's size: at most a bus batch, and about a second's worth at the campaign's rate. */
  static sizeOf(campaign: CampaignRow): number {
    const left = campaign.accepted - campaign.next_position + 1;
    return Math.max(0, Math.min(MAX_BATCH_RECIPIENTS, left, campaign.rate_per_second ?? MAX_BATCH_RECIPIENTS));
  }

  async execute(manager: EntityManager, campaign: CampaignRow, now: Date): Promise<number> {
    const size = SendCampaignChunk.sizeOf(campaign);
    if (size === 0) return 0;
    const window = campaign.options.sendWindow;
    let claimed: ClaimedRecipient[];
    let cursors = campaign.window_cursors;
    if (window) {
      const claim = await this.windowed.claim(manager, campaign, window, size, now);
      if (claim.claimed.length === 0) {
        await manager.query(`UPDATE campaigns SET window_cursors = $2, next_send_at = $3, version = version + 1, updated_at = now() WHERE id = $1 AND status = 'running'`, [
          campaign.id,
          JSON.stringify(claim.cursors),
          claim.waitUntil ?? new Date(now.getTime() + IDLE_WINDOW_RECHECK_MS),
        ]);
        return 0;
      }
      ({ claimed, cursors } = claim);
    } else {
      claimed = await this.claimInLineOrder(manager, campaign, size);
    }

    const { options } = campaign;
    const template = claimed.some((recipient) => recipient.template_variables) ? await this.providerTemplate(campaign) : undefined;
    const drafts: MessageDraft[] = claimed.map((recipient) => {
      const providerTemplate = recipientTemplate(template, recipient.template_variables ?? undefined);
      return {
        id: recipient.message_id,
        organizationId: campaign.organization_id,
        to: recipient.phone,
        country: recipient.country,
        body: recipient.body,
        type: campaign.type,
        format: 'text',
        ...(options.senderId ? { from: options.senderId } : {}),
        routePreference: campaign.route_preference,
        status: 'queued',
        encoding: analyzeSms(recipient.body).encoding,
        segments: recipient.segments,
        price: campaign.unit_prices[unitPriceKey(recipient.country, recipient.segments)] ?? 0,
        currency: campaign.currency,
        campaignId: campaign.id,
        ...(options.templateId ? { templateId: options.templateId } : {}),
        ...(providerTemplate ? { providerTemplate } : {}),
        ...(options.callbackUrl ? { callbackUrl: options.callbackUrl } : {}),
        ...(campaign.expires_at ? { expiresAt: campaign.expires_at } : {}),
      };
    });
    await this.messages.insertMany(manager, drafts, now);
    // Opted-out numbers were dropped at upload; one that opted out since then is canceled here, not sent.
    const canceled = await this.optedOut.cancel(
      manager,
      drafts.map((draft) => ({
        id: draft.id,
        organization_id: draft.organizationId,
        to_number: draft.to,
        type: draft.type,
        client_reference: null,
        callback_url: draft.callbackUrl ?? null,
      })),
      now,
    );
    await this.batches.request(manager, campaign.organization_id, drafts.filter((draft) => !canceled.has(draft.id)));
    const rate = campaign.rate_per_second;
    const from = Math.max(now.getTime(), campaign.next_send_at?.getTime() ?? 0);
    const nextSendAt = rate ? new Date(from + Math.round((claimed.length / rate) * 1000)) : now;
    // The campaign row is read unlocked (see CampaignRunner.claimDueCampaign) and locked only here:
    // paused, canceled or moved on meanwhile, the chunk is rolled back.
    const [moved] = (await manager.query(
      `UPDATE campaigns SET next_position = next_position + $2, next_send_at = $3, queued = queued + $2, window_cursors = $4, version = version + 1,
         updated_at = now()
        WHERE id = $1 AND status = 'running' AND next_position = $5 RETURNING id`,
      [campaign.id, claimed.length, nextSendAt, JSON.stringify(cursors), campaign.next_position],
    )) as [{ id: string }[], number];
    if (moved.length === 0) throw new CampaignChunkSuperseded(campaign.id);
    return claimed.length;
  }

  /** The codes at providers of the template version the rows were rendered from (gone since: the chunk goes as text). */
  private async providerTemplate(campaign: CampaignRow): Promise<BatchTemplate | undefined> {
    const { templateId, templateVersion } = campaign.options;
    if (!templateId) return undefined;
    return this.templates.providerCodesOf(campaign.organization_id, templateId, templateVersion);
  }

  /**
   * The next `size` recipients by position, given their message ids. A range of the primary key, not
   * a join with the list of positions: without table statistics (a campaign's rows are fresh) a join
   * is planned as a hash of the whole campaign, read again for every chunk.
   */
  private async claimInLineOrder(manager: EntityManager, campaign: CampaignRow, size: number): Promise<ClaimedRecipient[]> {
    const ids = Array.from({ length: size }, () => uuidv7());
    const [rows] = (await manager.query(
      `UPDATE campaign_recipients r SET message_id = ($3::uuid[])[r.position - $2 + 1]
        WHERE r.campaign_id = $1 AND r.position >= $2 AND r.position < $2 + cardinality($3::uuid[])
        RETURNING r.position, r.phone, r.country, r.body, r.segments, r.message_id, r.template_variables`,
      [campaign.id, campaign.next_position, ids],
    )) as [ClaimedRecipient[], number];
    return rows.sort((a, b) => a.position - b.position);
  }
}
