import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox is published by the committing process itself and its rows are deleted once the
 * broker confirmed them: no NOTIFY trigger, no published rows kept. The sweeper finds leftovers by
 * age through a partial index that holds only unpublished rows.
 */
export class OutboxPublishAfterCommit1765000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS outbox_notify ON outbox`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS outbox_notify()`);
    await queryRunner.query(`DELETE FROM outbox WHERE published_at IS NOT NULL`);
    await queryRunner.query(`DROP INDEX IF EXISTS outbox_published_at`);
    await queryRunner.query(`DROP INDEX IF EXISTS outbox_unpublished`);
    await queryRunner.query(`CREATE INDEX outbox_unpublished_created_at ON outbox (created_at, id) WHERE published_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX outbox_unpublished_created_at`);
    await queryRunner.query(`CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL`);
    await queryRunner.query(`CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL`);
    await queryRunner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_TABLE_SCHEMA || '.outbox', current_setting('application_name'));
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    );
  }
}
