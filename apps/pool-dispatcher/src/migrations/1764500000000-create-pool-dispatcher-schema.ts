import { MigrationInterface, QueryRunner } from 'typeorm';

/** Registered phones with their health counters, routed messages and every delivery attempt. */
export class CreatePoolDispatcherSchema1764500000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE devices (
        id              uuid PRIMARY KEY,
        owner_id        uuid NOT NULL,
        phone_number    text NOT NULL,
        label           text NOT NULL,
        country         text NOT NULL,
        carrier         text,
        sim_mcc         text,
        sim_mnc         text,
        daily_quota     integer,
        paused          boolean NOT NULL DEFAULT false,
        quarantined_at  timestamptz,
        sends_succeeded integer NOT NULL DEFAULT 0,
        sends_failed    integer NOT NULL DEFAULT 0,
        sends_timed_out integer NOT NULL DEFAULT 0,
        health_score    double precision NOT NULL DEFAULT 1,
        battery         integer,
        signal          integer,
        last_seen_at    timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT devices_phone_number_unique UNIQUE (phone_number)
      )`);
    await queryRunner.query(`CREATE INDEX devices_owner ON devices (owner_id, id)`);
    await queryRunner.query(`CREATE INDEX devices_country_carrier ON devices (country, carrier, id)`);
    await queryRunner.query(`
      CREATE TABLE routed_messages (
        message_id      uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        route           text NOT NULL,
        message_type    text NOT NULL,
        country         text,
        carrier         text,
        outcome         text NOT NULL CHECK (outcome IN ('device', 'provider', 'failed', 'expired')),
        error_code      text,
        received_at     timestamptz NOT NULL DEFAULT now(),
        decided_at      timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE delivery_attempts (
        lease_id      uuid PRIMARY KEY,
        message_id    uuid NOT NULL,
        device_id     uuid NOT NULL,
        owner_id      uuid NOT NULL,
        attempt       integer NOT NULL,
        outcome       text NOT NULL DEFAULT 'leased',
        error_code    text,
        leased_at     timestamptz NOT NULL,
        acked_at      timestamptz,
        sent_at       timestamptz,
        delivered_at  timestamptz,
        finished_at   timestamptz,
        late_reports  integer NOT NULL DEFAULT 0,
        last_late_report text
      )`);
    await queryRunner.query(`CREATE INDEX delivery_attempts_message ON delivery_attempts (message_id, attempt)`);
    await queryRunner.query(`CREATE INDEX delivery_attempts_device ON delivery_attempts (device_id, leased_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['delivery_attempts', 'routed_messages', 'devices']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
