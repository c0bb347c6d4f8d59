import { platformMigrations } from '@zagel/database';
import { CreateBillingSchema1764100000000 } from './1764100000000-create-billing-schema';
import { ApplyLedgerEntriesPerStatement1764200000000 } from './1764200000000-apply-ledger-entries-per-statement';
import { CreateAllowances1764300000000 } from './1764300000000-create-allowances';
import { CreateAllowanceCharges1764500000000 } from './1764500000000-create-allowance-charges';
import { CreatePendingRewards1766041937000 } from './1766041937000-create-pending-rewards';
import { ReservationCaptureTransaction1767700000000 } from './1767700000000-reservation-capture-transaction';

/** Every migration of the billing schema, oldest first. */
export const billingMigrations = [
  ...platformMigrations,
  CreateBillingSchema1764100000000,
  ApplyLedgerEntriesPerStatement1764200000000,
  CreateAllowances1764300000000,
  CreateAllowanceCharges1764500000000,
  CreatePendingRewards1766041937000,
  ReservationCaptureTransaction1767700000000,
];
