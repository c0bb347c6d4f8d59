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
  // A campaign upload's chunks are large garbage: with V8's own growth, the peak followed the file's length.
  heapGrowingPercent: 50,
});
