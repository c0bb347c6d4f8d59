import { MigrationInterface, QueryRunner } from 'typeorm';

/** Messages with their status history, templates, opt-outs, customer webhooks and OTP conversions. */
export class CreateIngestionSchema1764100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE messages (
        id                  uuid PRIMARY KEY,
        organization_id     uuid NOT NULL,
        to_number           text NOT NULL,
        country             text NOT NULL,
        body                text NOT NULL,
        type                text NOT NULL CHECK (type IN ('otp', 'transactional', 'promotional')),
        route_preference    text NOT NULL CHECK (route_preference IN ('auto', 'devices', 'providers')),
        status              text NOT NULL,
        status_rank         smallint NOT NULL,
        encoding            text NOT NULL,
        segments            integer NOT NULL,
        price               bigint NOT NULL,
        currency            text NOT NULL,
        route               text,
        device_id           uuid,
        provider            text,
        provider_message_id text,
        error_code          text,
        template_id         uuid,
        template_version    integer,
        campaign_id         uuid,
        batch_id            uuid,
        client_reference    text,
        callback_url        text,
        metadata            jsonb,
        priority            integer,
        schedule_at         timestamptz,
        expires_at          timestamptz,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        sent_at             timestamptz,
        delivered_at        timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX messages_organization ON messages (organization_id, id DESC)`);
    await queryRunner.query(`CREATE INDEX messages_organization_to ON messages (organization_id, to_number, id DESC)`);
    await queryRunner.query(
      `CREATE INDEX messages_client_reference ON messages (organization_id, client_reference) WHERE client_reference IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX messages_campaign ON messages (campaign_id, id) WHERE campaign_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX messages_due ON messages (schedule_at) WHERE status = 'scheduled'`);
    await queryRunner.query(`CREATE INDEX messages_created ON messages (organization_id, created_at)`);
    // No foreign key: a status may arrive before the message it belongs to (OTP messages are adopted late).
    await queryRunner.query(`
      CREATE TABLE message_status_history (
        id                  bigserial PRIMARY KEY,
        message_id          uuid NOT NULL,
        organization_id     uuid NOT NULL,
        status              text NOT NULL,
        at                  timestamptz NOT NULL,
        route               text,
        device_id           uuid,
        provider            text,
        provider_message_id text,
        error_code          text,
        recorded_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT message_status_history_once UNIQUE (message_id, status, at)
      )`);
    await queryRunner.query(`
      CREATE TABLE templates (
        id              uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        name            text NOT NULL,
        category        text,
        current_version integer NOT NULL,
        usage_count     bigint NOT NULL DEFAULT 0,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        deleted_at      timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX templates_organization ON templates (organization_id, id DESC) WHERE deleted_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE template_versions (
        template_id    uuid NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
        version        integer NOT NULL,
        body           text NOT NULL,
        variables      text[] NOT NULL,
        provider_codes jsonb NOT NULL DEFAULT '{}',
        created_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (template_id, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE opt_outs (
        organization_id uuid NOT NULL,
        phone_number    text NOT NULL,
        reason          text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, phone_number)
      )`);
    await queryRunner.query(`
      CREATE TABLE webhook_settings (
        organization_id   uuid PRIMARY KEY,
        url               text,
        secret_ciphertext text NOT NULL,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE webhook_endpoints (
        organization_id      uuid NOT NULL,
        url                  text NOT NULL,
        consecutive_failures integer NOT NULL DEFAULT 0,
        failing_since        timestamptz,
        disabled_at          timestamptz,
        PRIMARY KEY (organization_id, url)
      )`);
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id               uuid PRIMARY KEY,
        organization_id  uuid NOT NULL,
        message_id       uuid,
        url              text NOT NULL,
        event            text NOT NULL,
        payload          jsonb NOT NULL,
        status           text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'skipped')),
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        give_up_at       timestamptz NOT NULL,
        last_status_code integer,
        last_error       text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        delivered_at     timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX webhook_deliveries_organization ON webhook_deliveries (organization_id, id DESC)`);
    await queryRunner.query(`
      CREATE TABLE otp_conversions (
        message_id      uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        verified_at     timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'otp_conversions',
      'webhook_deliveries',
      'webhook_endpoints',
      'webhook_settings',
      'opt_outs',
      'template_versions',
      'templates',
      'message_status_history',
      'messages',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
