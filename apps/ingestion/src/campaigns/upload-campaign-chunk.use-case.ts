import { Injectable } from '@nestjs/common';
import { CampaignErrorCode, CampaignUploadChunkRequest, UploadChunkTaken } from '@zagel/contracts';
import { CampaignError } from './campaign.errors';
import { CampaignUploadsRepository } from './campaign-uploads.repository';
import { parseRows } from './csv-rows';

/**
 * A further chunk of whole records. Chunks carry their first line number and depend on nothing but
 * the upload's layout, so any ingestion instance takes any chunk, in any order.
 */
@Injectable()
export class UploadCampaignChunkUseCase {
  constructor(private readonly uploads: CampaignUploadsRepository) {}

  async execute(request: CampaignUploadChunkRequest): Promise<UploadChunkTaken> {
    const upload = await this.uploads.find(request.organizationId, request.uploadId);
    if (!upload) throw new CampaignError(CampaignErrorCode.UploadNotFound, 'No such upload in progress.');
    const rows = parseRows(request.text, request.firstLine, upload.layout, upload.options.defaultCountry, upload.options.senderId);
    return { records: await this.uploads.append(upload.id, rows) };
  }
}
