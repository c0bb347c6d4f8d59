import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BillingClient } from '@zagel/billing-client';
import { CampaignErrorCode, CampaignView, SendWindow, UploadRef } from '@zagel/contracts';
import { pricedRoute } from '../messages/pricing';
import { defaultRoute } from '../messages/message-composer';
import { CampaignError } from './campaign.errors';
import { CampaignRow, toCampaignView, unitPriceKey } from './campaign-row';
import { CampaignUploadsRepository } from './campaign-uploads.repository';
import { CampaignsRepository } from './campaigns.repository';
import { nextSendWindowOpening } from './send-window';
import { StartCampaignUseCase } from './start-campaign.use-case';

const PREVIEW_ROWS = 5;

/**
 * The end of a file: its staged rows become the campaign's recipients (duplicates and opted-out
 * numbers dropped and counted), the cost is estimated from one quote per (country, segments), and
 * the campaign is stored as a draft, all in one transaction. A file with no valid row creates nothing.
 */
@Injectable()
export class FinishCampaignUploadUseCase {
  private readonly logger = new Logger(FinishCampaignUploadUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly uploads: CampaignUploadsRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly billing: BillingClient,
    private readonly start: StartCampaignUseCase,
  ) {}

  async execute(request: UploadRef): Promise<CampaignView> {
    const upload = await this.uploads.find(request.organizationId, request.uploadId);
    if (!upload) throw new CampaignError(CampaignErrorCode.UploadNotFound, 'No such upload in progress.');
    const { options } = upload;
    const type = options.type ?? 'promotional';
    const route = options.route ?? defaultRoute(type);
    let created: CampaignRow;
    const now = new Date();
    try {
      created = await this.dataSource.transaction(async (manager) => {
        const summary = await this.campaigns.takeRecipients(manager, upload.id, request.organizationId, options.allowDuplicates ?? false, type === 'promotional');
        const rejected = await this.campaigns.countErrors(manager, upload.id);
        const totals = {
          rows: summary.staged + rejected,
          accepted: summary.accepted,
          rejected,
          duplicates: summary.staged - summary.kept,
          optedOut: summary.kept - summary.accepted,
        };
        if (summary.accepted === 0) {
          throw new CampaignError(CampaignErrorCode.NoValidRows, 'No row of the file can be sent; nothing was created.', { totals });
        }
        const groups = await this.campaigns.recipientGroups(manager, upload.id);
        if (options.sendWindow) refuseClosedCountries(options.sendWindow, [...new Set(groups.map((group) => group.country))], now);
        const quoted = await Promise.all(
          groups.map(async (group) => {
            const priced = pricedRoute(route);
            const quote = await this.billing.quote({
              organizationId: request.organizationId,
              country: group.country,
              messageType: type,
              segments: group.segments,
              ...(priced ? { route: priced } : {}),
            });
            return { ...group, quote };
          }),
        );
        const row = {
          id: upload.id,
          organization_id: request.organizationId,
          name: options.name ?? `Campaign ${now.toISOString().slice(0, 16).replace('T', ' ')}`,
          status: 'draft' as const,
          type,
          route_preference: route,
          options,
          rate_per_second: options.ratePerSecond ?? null,
          schedule_at: options.scheduleAt ? new Date(options.scheduleAt) : null,
          expires_at: options.expiresAt ? new Date(options.expiresAt) : null,
          total_rows: totals.rows,
          accepted: totals.accepted,
          rejected: totals.rejected,
          duplicates: totals.duplicates,
          opted_out: totals.optedOut,
          estimated_segments: String(quoted.reduce((sum, group) => sum + group.count * group.segments, 0)),
          estimated_price: String(quoted.reduce((sum, group) => sum + group.count * group.quote.amount, 0)),
          currency: quoted[0].quote.currency,
          unit_prices: Object.fromEntries(quoted.map((group) => [unitPriceKey(group.country, group.segments), group.quote.amount])),
          preview: await this.campaigns.firstRecipients(manager, upload.id, PREVIEW_ROWS),
          created_at: now,
        };
        await this.campaigns.insert(manager, row);
        return (await this.campaigns.find(request.organizationId, upload.id, manager)) as CampaignRow;
      });
    } catch (error) {
      await this.uploads.discard(upload.id);
      throw error;
    }
    this.forget(upload.id);
    const view = { ...toCampaignView(created), preview: created.preview };
    if (!options.start) return view;
    return { ...(await this.start.execute({ organizationId: request.organizationId, campaignId: created.id })), preview: created.preview };
  }

  /** The staged rows are not needed any more; deleting a million of them should not hold the answer. */
  private forget(uploadId: string): void {
    this.uploads.discard(uploadId, true).catch((error: unknown) => this.logger.warn(`upload ${uploadId} not cleaned up: ${String(error)}`));
  }
}

/** A send window must open within a week in every time zone of each country the file sends to, or those recipients could never be sent. */
function refuseClosedCountries(window: SendWindow, countries: string[], now: Date): void {
  const closed = countries.filter((country) => nextSendWindowOpening(window, country, now) === undefined);
  if (closed.length === 0) return;
  throw new CampaignError(
    CampaignErrorCode.InvalidCampaignOptions,
    `sendWindow is never open in all time zones of ${closed.join(', ')} at once (recipients there could never be sent): widen the window`,
    { countries: closed },
  );
}
