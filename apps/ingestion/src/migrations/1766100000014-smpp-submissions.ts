import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API key a message was submitted with over SMPP (NULL for every other message): its final status
 * becomes a delivery receipt for that key's bound receivers. Nullable without a default: no table rewrite.
 */
export class SmppSubmissions1766100000014 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages ADD COLUMN smpp_key_id uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN smpp_key_id`);
  }
}
