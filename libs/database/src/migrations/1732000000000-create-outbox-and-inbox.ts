import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox (messages committed with the business change, published by the relay) and the inbox
 * (message ids a consumer has already handled). Every service's first migration. Names are
 * unqualified: the connection's search_path is the service's schema.
 */
export class CreateOutboxAndInbox1732000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        id              uuid PRIMARY KEY,
        destination     jsonb NOT NULL,
        type            text NOT NULL,
        version         integer NOT NULL,
        metadata        jsonb NOT NULL,
        payload         jsonb NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        published_at    timestamptz,
        attempts        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_error      text
      )`);
    // The relay's claim walks this index in id (UUIDv7, so creation) order; it holds only the backlog.
    await queryRunner.query(`CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL`);
    await queryRunner.query(`CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL`);
    // One notification per inserting transaction (Postgres folds identical ones), carrying the
    // writer's application_name so a relay can skip the commits of its own process.
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

    await queryRunner.query(`
      CREATE TABLE inbox (
        consumer     text NOT NULL,
        message_id   uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
    await queryRunner.query(`CREATE INDEX inbox_processed_at ON inbox (processed_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inbox`);
    await queryRunner.query(`DROP TABLE outbox`);
    await queryRunner.query(`DROP FUNCTION outbox_notify()`);
  }
}
