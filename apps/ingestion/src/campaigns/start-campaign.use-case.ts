import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BillingClient } from '@zagel/billing-client';
import { CampaignErrorCode, CampaignRef, CampaignView } from '@zagel/contracts';
import { CampaignError } from './campaign.errors';
import { reservationReference, toCampaignView } from './campaign-row';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignWake } from './campaign-wake';

/** Reservations last at most a week (billing's cap). */
const RESERVATION_SECONDS = 7 * 86_400;

/**
 * draft → running (or scheduled, with a scheduleAt ahead): the whole estimate is reserved in one
 * billing call first. A wallet that cannot cover it answers insufficient_funds with the shortfall,
 * and the campaign stays a draft with nothing sent.
 */
@Injectable()
export class StartCampaignUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly billing: BillingClient,
    private readonly runner: CampaignWake,
  ) {}

  async execute(request: CampaignRef): Promise<CampaignView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const campaign = await this.campaigns.lock(manager, request.organizationId, request.campaignId);
      if (!campaign) throw new CampaignError(CampaignErrorCode.CampaignNotFound, 'No such campaign.');
      if (campaign.status !== 'draft') {
        throw new CampaignError(CampaignErrorCode.InvalidCampaignTransition, `A ${campaign.status} campaign cannot be started.`, { status: campaign.status });
      }
      const amount = Number(campaign.estimated_price);
      await this.billing.reserve({
        organizationId: campaign.organization_id,
        amount,
        reference: reservationReference(campaign.id),
        expiresInSeconds: RESERVATION_SECONDS,
      });
      const now = new Date();
      const scheduled = campaign.schedule_at !== null && campaign.schedule_at > now;
      const started = await this.campaigns.moveTo(manager, campaign.id, scheduled ? 'scheduled' : 'running', {
        reserved: amount,
        started_at: scheduled ? null : now,
        next_send_at: scheduled ? campaign.schedule_at : now,
      });
      return toCampaignView(started, now);
    });
    this.runner.wake();
    return view;
  }
}
