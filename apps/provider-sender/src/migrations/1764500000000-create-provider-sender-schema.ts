import { MigrationInterface, QueryRunner } from 'typeorm';

/** Provider accounts and routes, per-message deliveries, submit attempts, reports that came early. */
export class CreateProviderSenderSchema1764500000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE provider_accounts (
        id                    uuid PRIMARY KEY,
        name                  text NOT NULL UNIQUE,
        kind                  text NOT NULL,
        sealed_settings       text NOT NULL,
        enabled               boolean NOT NULL DEFAULT true,
        rate_limit_per_second integer,
        max_concurrency       integer,
        max_segments          integer,
        sender_id             text,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE provider_routes (
        id              uuid PRIMARY KEY,
        country         text NOT NULL,
        message_type    text,
        organization_id uuid,
        providers       uuid[] NOT NULL CHECK (cardinality(providers) > 0),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX provider_routes_scope ON provider_routes
        (country, coalesce(message_type, ''), coalesce(organization_id, '00000000-0000-0000-0000-000000000000'))`);
    await queryRunner.query(`
      CREATE TABLE deliveries (
        message_id        uuid PRIMARY KEY,
        organization_id   uuid NOT NULL,
        chain             uuid[] NOT NULL,
        position          integer NOT NULL,
        deferrals         integer NOT NULL DEFAULT 0,
        status            text NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'sent', 'delivered', 'undelivered', 'failed', 'expired')),
        provider_id       uuid,
        provider_message_id text,
        error_code        text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE attempts (
        id                  uuid PRIMARY KEY,
        message_id          uuid NOT NULL REFERENCES deliveries (message_id) ON DELETE CASCADE,
        chain_position      integer NOT NULL,
        try                 integer NOT NULL,
        provider_id         uuid NOT NULL,
        provider_name       text NOT NULL,
        state               text NOT NULL CHECK (state IN ('submitting', 'accepted', 'failed')),
        provider_message_id text,
        error_code          text,
        latency_ms          integer,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        UNIQUE (message_id, chain_position, try)
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX attempts_provider_message ON attempts (provider_id, provider_message_id)
        WHERE provider_message_id IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE early_reports (
        provider_id         uuid NOT NULL,
        provider_message_id text NOT NULL,
        status              text NOT NULL,
        error_code          text,
        reported_at         timestamptz NOT NULL,
        received_at         timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider_id, provider_message_id, status)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['early_reports', 'attempts', 'deliveries', 'provider_routes', 'provider_accounts']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
