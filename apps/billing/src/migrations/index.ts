import { platformMigrations } from '@zagel/database';
import { CreateBillingSchema1764100000000 } from './1764100000000-create-billing-schema';

/** Every migration of the billing schema, oldest first. */
export const billingMigrations = [...platformMigrations, CreateBillingSchema1764100000000];
