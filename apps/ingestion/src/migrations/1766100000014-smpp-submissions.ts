import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API key a message was submitted with over SMPP (NULL for every other message) and whether it asked for a
 * delivery receipt: its final status then becomes a receipt for that key's bound receivers, and a reply to it
 * an MO deliver_sm. Nullable, or a constant default: no table rewrite.
 */
export class SmppSubmissions1766100000014 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages ADD COLUMN smpp_key_id uuid, ADD COLUMN smpp_receipt boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN smpp_key_id, DROP COLUMN smpp_receipt`);
  }
}
