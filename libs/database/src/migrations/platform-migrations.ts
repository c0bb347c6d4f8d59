import { CreateOutboxAndInbox1732000000000 } from './1732000000000-create-outbox-and-inbox';

/** Migrations every service with a schema starts with, before its own. */
export const platformMigrations = [CreateOutboxAndInbox1732000000000];
