import { defineService } from '@zagel/service';
import { ProviderSenderConfig } from './config';
import { providerSenderMigrations } from './migrations';

/** The provider-sender service: its settings, its schema and its feature modules. */
export const providerSenderApp = defineService({
  service: 'provider-sender',
  settingsClass: ProviderSenderConfig,
  database: { entities: [], migrations: providerSenderMigrations },
  features: [],
});
