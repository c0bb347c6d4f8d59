import { platformMigrations } from '@zagel/database';

/** Every migration of the auth schema, oldest first. */
export const authMigrations = [...platformMigrations];
