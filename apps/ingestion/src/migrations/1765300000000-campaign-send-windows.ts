import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaigns with a send window hand out recipients per country, each country while the window is open
 * in all its time zones: where each country's next recipient is looked for (country → line position;
 * past `accepted` when none is left). Campaigns without a window keep handing out in line order.
 */
export class CampaignSendWindows1765300000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE campaigns ADD COLUMN window_cursors jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE campaigns DROP COLUMN window_cursors`);
  }
}
