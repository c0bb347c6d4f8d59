import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A scheduled message's template variables, kept when its template has codes at providers: released
 * later by the scheduler, it still goes to providers through their own template APIs (SMS.IR verify,
 * Kavenegar lookup) instead of as plain text.
 */
export class ScheduledTemplateVariables1767600000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages ADD COLUMN template_variables jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN template_variables`);
  }
}
