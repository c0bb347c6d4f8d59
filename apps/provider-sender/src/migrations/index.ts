import { platformMigrations } from '@zagel/database';

/** Every migration of the provider-sender schema, oldest first. */
export const providerSenderMigrations = [...platformMigrations];
