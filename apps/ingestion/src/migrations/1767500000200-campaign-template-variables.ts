import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A campaign recipient's template variables, kept when the campaign's template has codes at providers:
 * its chunk then goes to providers that send through their own template APIs (SMS.IR verify, Kavenegar lookup).
 */
export class CampaignTemplateVariables1767500000200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE campaign_upload_rows ADD COLUMN template_variables jsonb`);
    await queryRunner.query(`ALTER TABLE campaign_recipients ADD COLUMN template_variables jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE campaign_recipients DROP COLUMN template_variables`);
    await queryRunner.query(`ALTER TABLE campaign_upload_rows DROP COLUMN template_variables`);
  }
}
