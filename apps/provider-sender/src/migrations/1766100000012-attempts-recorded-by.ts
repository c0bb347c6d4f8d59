import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which process recorded a try (its database application_name, unique per process): a try still
 * `submitting` whose process has no session any more was cut off by a crash, and is resolved by the
 * next handling of its message instead of waiting forever.
 */
export class AttemptsRecordedBy1766100000012 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE attempts ADD COLUMN recorded_by text`);
    await queryRunner.query(`ALTER TABLE attempts ALTER COLUMN recorded_by SET DEFAULT current_setting('application_name')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE attempts DROP COLUMN recorded_by`);
  }
}
