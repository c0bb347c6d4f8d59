import { platformMigrations } from '@zagel/database';
import { CreateAuthSchema1764000000000 } from './1764000000000-create-auth-schema';

/** Every migration of the auth schema, oldest first. */
export const authMigrations = [...platformMigrations, CreateAuthSchema1764000000000];
