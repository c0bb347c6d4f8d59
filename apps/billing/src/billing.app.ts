import { defineService } from '@zagel/service';
import { AllowancesModule } from './allowances/allowances.module';
import { BillingConfig } from './config';
import { LedgerModule } from './ledger/ledger.module';
import { billingMigrations } from './migrations';
import { MessageEventsModule } from './message-events/message-events.module';
import { PricesModule } from './prices/prices.module';
import { ReservationsModule } from './reservations/reservations.module';
import { RewardsModule } from './rewards/rewards.module';
import { StripeModule } from './stripe/stripe.module';
import { WalletsModule } from './wallets/wallets.module';

/** The billing service: its settings, its schema and its feature modules. */
export const billingApp = defineService({
  service: 'billing',
  settingsClass: BillingConfig,
  database: { entities: [], migrations: billingMigrations },
  features: [LedgerModule, PricesModule, ReservationsModule, AllowancesModule, WalletsModule, RewardsModule, MessageEventsModule, StripeModule],
});
