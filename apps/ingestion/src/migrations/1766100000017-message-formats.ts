import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message's wire format (text, unicode, flash, binary) with a binary message's UDH, the sender id it
 * asked for, and its priority as a lane choice (high, normal, low) instead of an unused 0-9 number.
 */
export class MessageFormats1766100000017 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE messages
        ADD COLUMN format text NOT NULL DEFAULT 'text',
        ADD COLUMN udh text,
        ADD COLUMN sender text,
        ALTER COLUMN priority TYPE text
          USING CASE WHEN priority IS NULL THEN NULL WHEN priority >= 7 THEN 'high' WHEN priority <= 2 THEN 'low' ELSE 'normal' END
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE messages
        DROP COLUMN format,
        DROP COLUMN udh,
        DROP COLUMN sender,
        ALTER COLUMN priority TYPE integer
          USING CASE priority WHEN 'high' THEN 9 WHEN 'low' THEN 0 WHEN 'normal' THEN 5 END
    `);
  }
}
