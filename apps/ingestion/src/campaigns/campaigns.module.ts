import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { BillingClient } from '@zagel/billing-client';
import { BusClient, busClientToken, BusClientsModule } from '@zagel/messaging';
import { MessageBatchRequests } from '../messages/message-batch-requests';
import { MessagesRepository } from '../messages/messages.repository';
import { OptedOutSends } from '../messages/opted-out-sends';
import { OptOutsModule } from '../opt-outs/opt-outs.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { TemplatesModule } from '../templates/templates.module';
import { BeginCampaignUploadUseCase } from './begin-campaign-upload.use-case';
import { CampaignRunner } from './campaign-runner';
import { CampaignUploadsRepository } from './campaign-uploads.repository';
import { CampaignWake } from './campaign-wake';
import { CampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { ChangeCampaignStatusUseCase } from './change-campaign-status.use-case';
import { FinishCampaignUploadUseCase } from './finish-campaign-upload.use-case';
import { ReadCampaignReportsUseCase } from './read-campaign-reports.use-case';
import { ReadCampaignsUseCase } from './read-campaigns.use-case';
import { SendCampaignChunk } from './send-campaign-chunk';
import { WindowedRecipients } from './windowed-recipients';
import { StartCampaignUseCase } from './start-campaign.use-case';
import { UploadCampaignChunkUseCase } from './upload-campaign-chunk.use-case';

/** CSV campaigns: streamed uploads, the lifecycle and its runner, progress and reports. */
@Module({
  imports: [AnalyticsModule, TemplatesModule, OptOutsModule, WebhooksModule, BusClientsModule.register('billing')],
  controllers: [CampaignsController],
  providers: [
    { provide: BillingClient, useFactory: (billing: BusClient) => new BillingClient(billing, { quoteCacheMs: 0 }), inject: [busClientToken('billing')] },
    MessagesRepository,
    MessageBatchRequests,
    OptedOutSends,
    CampaignsRepository,
    CampaignUploadsRepository,
    CampaignWake,
    BeginCampaignUploadUseCase,
    UploadCampaignChunkUseCase,
    FinishCampaignUploadUseCase,
    StartCampaignUseCase,
    ChangeCampaignStatusUseCase,
    ReadCampaignsUseCase,
    ReadCampaignReportsUseCase,
    SendCampaignChunk,
    WindowedRecipients,
    CampaignRunner,
  ],
})
export class CampaignsModule {}
