import { defineService } from '@zagel/service';
import { BillingConfig } from './config';
import { billingMigrations } from './migrations';

/** The billing service: its settings, its schema and its feature modules. */
export const billingApp = defineService({
  service: 'billing',
  settingsClass: BillingConfig,
  database: { entities: [], migrations: billingMigrations },
  features: [],
});
