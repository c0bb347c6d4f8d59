import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages accepted per second, platform-wide: each instance adds what it stored in the last second
 * (one upsert a second, not one per message), so the operators' rate never scans the messages table.
 */
export class MessageRateSeconds1765500000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE message_rate_seconds (second timestamptz PRIMARY KEY, accepted bigint NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE message_rate_seconds`);
  }
}
