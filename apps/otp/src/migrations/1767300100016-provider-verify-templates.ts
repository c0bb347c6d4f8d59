import { MigrationInterface, QueryRunner } from 'typeorm';

/** An organization's verify templates at providers (SMS.IR, Kavenegar): its codes go out through them when set. */
export class ProviderVerifyTemplates1767300100016 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE verification_settings ADD COLUMN provider_templates jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE verification_settings DROP COLUMN provider_templates`);
  }
}
