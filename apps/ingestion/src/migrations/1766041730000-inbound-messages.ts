import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbound SMS: the messages themselves (once per dedupe key, the organization NULL when none could
 * be found), each organization's keywords and HELP answer, where an opt-out came from, and what a
 * reply is attributed by: the provider account of each message, and an index to find the last
 * messages to a number. `to_number` never changes, so status updates stay HOT.
 */
export class InboundMessages1766041730000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbound_messages (
        id                     uuid PRIMARY KEY,
        dedupe_key             text NOT NULL UNIQUE,
        organization_id        uuid,
        channel                text NOT NULL CHECK (channel IN ('device', 'provider', 'smpp')),
        device_id              uuid,
        provider_kind          text,
        provider_account_id    uuid,
        from_number            text NOT NULL,
        to_number              text,
        body                   text NOT NULL,
        kind                   text NOT NULL CHECK (kind IN ('message', 'opt_out', 'opt_in', 'help')),
        keyword                text,
        in_reply_to_message_id uuid,
        help_reply_message_id  uuid,
        received_at            timestamptz NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX inbound_messages_organization ON inbound_messages (organization_id, id DESC)`);
    await queryRunner.query(`CREATE INDEX inbound_messages_unattributed ON inbound_messages (id DESC) WHERE organization_id IS NULL`);
    await queryRunner.query(`
      CREATE TABLE inbound_settings (
        organization_id   uuid PRIMARY KEY,
        opt_out_keywords  text[] NOT NULL,
        opt_in_keywords   text[] NOT NULL,
        help_keywords     text[] NOT NULL,
        help_text         text,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`ALTER TABLE opt_outs ADD COLUMN source text NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'inbound_keyword'))`);
    await queryRunner.query(`ALTER TABLE messages ADD COLUMN provider_account_id uuid`);
    await queryRunner.query(`ALTER TABLE message_status_history ADD COLUMN provider_account_id uuid`);
    await queryRunner.query(`CREATE INDEX messages_to_number ON messages (to_number, id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX messages_to_number`);
    await queryRunner.query(`ALTER TABLE message_status_history DROP COLUMN provider_account_id`);
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN provider_account_id`);
    await queryRunner.query(`ALTER TABLE opt_outs DROP COLUMN source`);
    await queryRunner.query(`DROP TABLE inbound_settings`);
    await queryRunner.query(`DROP TABLE inbound_messages`);
  }
}
