import { defineService } from '@zagel/service';
import { ProviderAccountsModule } from './accounts/provider-accounts.module';
import { ProviderSenderConfig } from './config';
import { providerSenderMigrations } from './migrations';
import { InboundModule } from './inbound/inbound.module';
import { PollingModule } from './polling/polling.module';
import { ReportsModule } from './reports/reports.module';
import { ProviderRoutesModule } from './routes/provider-routes.module';
import { SendingModule } from './sending/sending.module';

/** The provider-sender service: its settings, its schema and its feature modules. */
export const providerSenderApp = defineService({
  service: 'provider-sender',
  settingsClass: ProviderSenderConfig,
  database: { entities: [], migrations: providerSenderMigrations },
  features: [ProviderAccountsModule, ProviderRoutesModule, SendingModule, ReportsModule, PollingModule, InboundModule],
});
