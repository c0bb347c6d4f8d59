import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /v1/verifications` walks an organization's verifications newest first, a page after the
 * (created_at, id) of the last one: this index answers each page without reading what came before.
 */
export class VerificationsNewestFirst1765600000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX verifications_newest_first ON verifications (organization_id, created_at DESC, id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX verifications_newest_first`);
  }
}
