import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Status updates become HOT (heap-only: no index entry written per update). The due-message index
 * named `status` in its predicate, and an UPDATE that changes any column an index reads (predicates
 * included) must write every index. Scheduled messages now carry `due_at`, cleared when they leave
 * `scheduled`, and the index is on that; pages keep 10% free so an updated row fits beside the old one.
 */
export class HotStatusUpdates1765100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages ADD COLUMN due_at timestamptz`);
    await queryRunner.query(`UPDATE messages SET due_at = schedule_at WHERE status = 'scheduled'`);
    await queryRunner.query(`DROP INDEX messages_due`);
    await queryRunner.query(`CREATE INDEX messages_due ON messages (due_at) WHERE due_at IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE messages SET (fillfactor = 90)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages RESET (fillfactor)`);
    await queryRunner.query(`DROP INDEX messages_due`);
    await queryRunner.query(`CREATE INDEX messages_due ON messages (schedule_at) WHERE status = 'scheduled'`);
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN due_at`);
  }
}
