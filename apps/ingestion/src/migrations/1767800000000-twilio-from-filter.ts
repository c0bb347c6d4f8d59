import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Twilio-compatible message list filters by `From`, which its create keeps in `metadata.twilio`
 * (Zagel picks the sender per route): an index on it, of the messages that have one only.
 */
export class TwilioFromFilter1767800000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX messages_twilio_from ON messages (organization_id, (metadata->'twilio'->>'from'), id DESC)
         WHERE (metadata->'twilio'->>'from') IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX messages_twilio_from`);
  }
}
