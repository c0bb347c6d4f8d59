import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log read newest first by id (one organization's, or everyone's), and the emails sent to
 * organization owners: one row per event and recipient, so a redelivered event sends nothing twice.
 */
export class AuditLogPagesAndOwnerNotifications1766041730000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX audit_log_organization_id ON audit_log (organization_id, id DESC)`);
    await queryRunner.query(`
      CREATE TABLE owner_notifications (
        id              uuid PRIMARY KEY,
        event_id        text NOT NULL,
        organization_id uuid NOT NULL,
        kind            text NOT NULL,
        recipient       text NOT NULL,
        subject         text NOT NULL,
        text_body       text NOT NULL,
        html_body       text NOT NULL,
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        give_up_at      timestamptz NOT NULL,
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        sent_at         timestamptz,
        CONSTRAINT owner_notifications_once UNIQUE (event_id, recipient)
      )`);
    await queryRunner.query(`CREATE INDEX owner_notifications_due ON owner_notifications (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE owner_notifications`);
    await queryRunner.query(`DROP INDEX audit_log_organization_id`);
  }
}
