import { platformMigrations } from '@zagel/database';
import { CreateAuthSchema1764000000000 } from './1764000000000-create-auth-schema';
import { AuditLogPagesAndOwnerNotifications1766041730000 } from './1766041730000-audit-log-pages-and-owner-notifications';

/** Every migration of the auth schema, oldest first. */
export const authMigrations = [...platformMigrations, CreateAuthSchema1764000000000, AuditLogPagesAndOwnerNotifications1766041730000];
