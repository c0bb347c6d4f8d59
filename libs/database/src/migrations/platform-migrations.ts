import { CreateOutboxAndInbox1732000000000 } from './1732000000000-create-outbox-and-inbox';
import { OutboxPublishAfterCommit1765000000000 } from './1765000000000-outbox-publish-after-commit';

/** Migrations every service with a schema starts with, before its own (TypeORM runs all by timestamp). */
export const platformMigrations = [CreateOutboxAndInbox1732000000000, OutboxPublishAfterCommit1765000000000];
