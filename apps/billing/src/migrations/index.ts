import { platformMigrations } from '@zagel/database';

/** Every migration of the billing schema, oldest first. */
export const billingMigrations = [...platformMigrations];
