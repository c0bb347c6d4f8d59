import { platformMigrations } from '@zagel/database';

/** Every migration of the ingestion schema, oldest first. */
export const ingestionMigrations = [...platformMigrations];
