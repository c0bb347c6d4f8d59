import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignErrorCode, CampaignRef, CampaignStatus, CampaignView } from '@zagel/contracts';
import { CampaignError } from './campaign.errors';
import { toCampaignView } from './campaign-row';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignWake } from './campaign-wake';

export type CampaignCommand = 'pause' | 'resume' | 'cancel';

const FROM: Record<CampaignCommand, readonly CampaignStatus[]> = {
  pause: ['scheduled', 'running'],
  resume: ['paused'],
  cancel: ['draft', 'scheduled', 'running', 'paused'],
};

/**
 * Pause, resume and cancel. They act on the campaign row, which the runner reads (locked) before
 * every chunk, so no chunk starts after the step commits. Cancel leaves the reservation to the
 * runner's settlement, which captures what the messages already handed out spend and releases the rest.
 */
@Injectable()
export class ChangeCampaignStatusUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly runner: CampaignWake,
  ) {}

  async execute(command: CampaignCommand, request: CampaignRef): Promise<CampaignView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const campaign = await this.campaigns.lock(manager, request.organizationId, request.campaignId);
      if (!campaign) throw new CampaignError(CampaignErrorCode.CampaignNotFound, 'No such campaign.');
      if (!FROM[command].includes(campaign.status)) {
        throw new CampaignError(CampaignErrorCode.InvalidCampaignTransition, `A ${campaign.status} campaign cannot be ${command === 'pause' ? 'paused' : `${command}d`}.`, {
          status: campaign.status,
        });
      }
      const now = new Date();
      if (command === 'pause') return toCampaignView(await this.campaigns.moveTo(manager, campaign.id, 'paused'), now);
      if (command === 'resume') {
        const status = campaign.started_at ? 'running' : 'scheduled';
        return toCampaignView(await this.campaigns.moveTo(manager, campaign.id, status, { next_send_at: campaign.schedule_at && !campaign.started_at ? campaign.schedule_at : now }), now);
      }
      const settled = campaign.status === 'draft' ? { settled_at: now } : {};
      return toCampaignView(await this.campaigns.moveTo(manager, campaign.id, 'canceled', { completed_at: now, ...settled }), now);
    });
    this.runner.wake();
    return view;
  }
}
