import { Module } from '@nestjs/common';
import { CampaignEventStream } from './campaign-event-stream';
import { CampaignProgressStreams } from './campaign-progress-streams';
import { CampaignReports } from './campaign-reports';
import { CampaignUpload } from './campaign-upload';
import { CampaignsController } from './campaigns.controller';

@Module({ controllers: [CampaignsController], providers: [CampaignUpload, CampaignReports, CampaignProgressStreams, CampaignEventStream] })
export class CampaignsModule {}
