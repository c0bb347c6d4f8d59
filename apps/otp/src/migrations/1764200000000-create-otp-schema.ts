import { MigrationInterface, QueryRunner } from 'typeorm';

/** Verification sessions (never the code), their sends, OTP templates and per-organization settings. */
export class CreateOtpSchema1764200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE verifications (
        id               uuid PRIMARY KEY,
        organization_id  uuid NOT NULL,
        to_number        text NOT NULL,
        country          text NOT NULL,
        status           text NOT NULL CHECK (status IN ('pending', 'approved', 'canceled', 'expired', 'max_attempts_reached')),
        code_length      int NOT NULL,
        alphanumeric     boolean NOT NULL,
        locale           text NOT NULL,
        template_id      uuid,
        message_template text NOT NULL,
        segments         int NOT NULL,
        attempts         int NOT NULL DEFAULT 0,
        max_attempts     int NOT NULL,
        send_count       int NOT NULL DEFAULT 1,
        last_sent_at     timestamptz NOT NULL,
        callback_url     text,
        metadata         jsonb,
        expires_at       timestamptz NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        approved_at      timestamptz,
        canceled_at      timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX verifications_by_number ON verifications (organization_id, to_number, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX verifications_pending_expiry ON verifications (expires_at) WHERE status = 'pending'`);
    await queryRunner.query(`
      CREATE TABLE verification_sends (
        message_id       uuid PRIMARY KEY,
        verification_id  uuid NOT NULL REFERENCES verifications (id) ON DELETE CASCADE,
        organization_id  uuid NOT NULL,
        sequence         int NOT NULL,
        status           text NOT NULL DEFAULT 'requested',
        route            text NOT NULL DEFAULT 'auto',
        device_id        uuid,
        device_owner_id  uuid,
        provider         text,
        error_code       text,
        tried_device_ids uuid[] NOT NULL DEFAULT '{}',
        requested_at     timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (verification_id, sequence)
      )`);
    await queryRunner.query(`
      CREATE TABLE otp_templates (
        id              uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        name            text NOT NULL,
        body            text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX otp_templates_organization ON otp_templates (organization_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE verification_settings (
        organization_id   uuid PRIMARY KEY,
        allowed_countries text[] NOT NULL DEFAULT '{}',
        app_name          text,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['verification_settings', 'otp_templates', 'verification_sends', 'verifications']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
