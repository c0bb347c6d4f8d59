import { platformMigrations } from '@zagel/database';

/** Every migration of the pool-dispatcher schema, oldest first. */
export const poolDispatcherMigrations = [...platformMigrations];
