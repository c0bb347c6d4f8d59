import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AbortCampaignUpload,
  BeginCampaignUpload,
  BeginCampaignUploadRequest,
  CampaignProgressRequest,
  CampaignRef,
  CampaignReportPageRequest,
  CampaignUploadChunkRequest,
  CancelCampaign,
  FinishCampaignUpload,
  GetCampaign,
  GetCampaignProgress,
  ListCampaigns,
  ListCampaignsRequest,
  PauseCampaign,
  ReadCampaignErrors,
  ReadCampaignReport,
  ResumeCampaign,
  StartCampaign,
  UploadCampaignChunk,
  UploadRef,
} from '@zagel/contracts';
import { BeginCampaignUploadUseCase } from './begin-campaign-upload.use-case';
import { CampaignUploadsRepository } from './campaign-uploads.repository';
import { ChangeCampaignStatusUseCase } from './change-campaign-status.use-case';
import { FinishCampaignUploadUseCase } from './finish-campaign-upload.use-case';
import { ReadCampaignReportsUseCase } from './read-campaign-reports.use-case';
import { ReadCampaignsUseCase } from './read-campaigns.use-case';
import { StartCampaignUseCase } from './start-campaign.use-case';
import { UploadCampaignChunkUseCase } from './upload-campaign-chunk.use-case';

/** The Campaigns API over RPC: uploads a chunk at a time, the lifecycle, progress and reports. */
@Controller()
export class CampaignsController {
  constructor(
    private readonly begin: BeginCampaignUploadUseCase,
    private readonly chunk: UploadCampaignChunkUseCase,
    private readonly finish: FinishCampaignUploadUseCase,
    private readonly uploads: CampaignUploadsRepository,
    private readonly start: StartCampaignUseCase,
    private readonly change: ChangeCampaignStatusUseCase,
    private readonly read: ReadCampaignsUseCase,
    private readonly reports: ReadCampaignReportsUseCase,
  ) {}

  @MessagePattern(BeginCampaignUpload.type)
  beginUpload(@Payload() request: BeginCampaignUploadRequest) {
    return this.begin.execute(request);
  }

  @MessagePattern(UploadCampaignChunk.type)
  uploadChunk(@Payload() request: CampaignUploadChunkRequest) {
    return this.chunk.execute(request);
  }

  @MessagePattern(FinishCampaignUpload.type)
  finishUpload(@Payload() request: UploadRef) {
    return this.finish.execute(request);
  }

  @MessagePattern(AbortCampaignUpload.type)
  async abortUpload(@Payload() request: UploadRef) {
    if (await this.uploads.find(request.organizationId, request.uploadId)) await this.uploads.discard(request.uploadId);
    return { uploadId: request.uploadId };
  }

  @MessagePattern(StartCampaign.type)
  startCampaign(@Payload() request: CampaignRef) {
    return this.start.execute(request);
  }

  @MessagePattern(PauseCampaign.type)
  pauseCampaign(@Payload() request: CampaignRef) {
    return this.change.execute('pause', request);
  }

  @MessagePattern(ResumeCampaign.type)
  resumeCampaign(@Payload() request: CampaignRef) {
    return this.change.execute('resume', request);
  }

  @MessagePattern(CancelCampaign.type)
  cancelCampaign(@Payload() request: CampaignRef) {
    return this.change.execute('cancel', request);
  }

  @MessagePattern(GetCampaign.type)
  getCampaign(@Payload() request: CampaignRef) {
    return this.read.get(request);
  }

  @MessagePattern(ListCampaigns.type)
  listCampaigns(@Payload() request: ListCampaignsRequest) {
    return this.read.list(request);
  }

  @MessagePattern(GetCampaignProgress.type)
  progress(@Payload() request: CampaignProgressRequest) {
    return this.read.progress(request);
  }

  @MessagePattern(ReadCampaignErrors.type)
  errors(@Payload() request: CampaignReportPageRequest) {
    return this.reports.errors(request);
  }

  @MessagePattern(ReadCampaignReport.type)
  report(@Payload() request: CampaignReportPageRequest) {
    return this.reports.recipients(request);
  }
}
