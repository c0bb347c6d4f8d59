import { Injectable } from '@nestjs/common';
import { CampaignErrorCode, CampaignPage, CampaignProgress, CampaignProgressRequest, CampaignRef, CampaignView, ListCampaignsRequest } from '@zagel/contracts';
import { DEFAULT_PAGE_SIZE, idCursor, pageOf } from '../shared/cursor';
import { CampaignError } from './campaign.errors';
import { CampaignRow, toCampaignView } from './campaign-row';
import { CampaignsRepository } from './campaigns.repository';

/** A campaign, the organization's list of them, and what a progress stream needs. */
@Injectable()
export class ReadCampaignsUseCase {
  constructor(private readonly campaigns: CampaignsRepository) {}

  async get(request: CampaignRef): Promise<CampaignView> {
    return toCampaignView(await this.found(request));
  }

  async list(request: ListCampaignsRequest): Promise<CampaignPage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.campaigns.list(request, limit + 1, idCursor(request.cursor));
    return pageOf(rows, limit, (row) => toCampaignView(row));
  }

  async progress(request: CampaignProgressRequest): Promise<CampaignProgress> {
    const row = await this.found(request);
    return {
      campaign: toCampaignView(row),
      version: Number(row.version),
      statusChanges: await this.campaigns.statusChanges(row.id, request.afterVersion ?? 0),
    };
  }

  async found(request: CampaignRef): Promise<CampaignRow> {
    const row = await this.campaigns.find(request.organizationId, request.campaignId);
    if (!row) throw new CampaignError(CampaignErrorCode.CampaignNotFound, 'No such campaign.');
    return row;
  }
}
