import { defineService } from '@zagel/service';
import { AnalyticsModule } from './analytics/analytics.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { IngestionConfig } from './config';
import { InboundModule } from './inbound/inbound.module';
import { MessagesModule } from './messages/messages.module';
import { ingestionMigrations } from './migrations';
import { OptOutsModule } from './opt-outs/opt-outs.module';
import { TemplatesModule } from './templates/templates.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The ingestion service: its settings, its schema and its feature modules. */
export const ingestionApp = defineService({
  service: 'ingestion',
  settingsClass: IngestionConfig,
  database: { entities: [], migrations: ingestionMigrations },
  features: [TemplatesModule, OptOutsModule, WebhooksModule, MessagesModule, AnalyticsModule, CampaignsModule, InboundModule],
});
