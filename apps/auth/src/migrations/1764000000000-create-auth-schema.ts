import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organizations, users and memberships, sessions, API keys, signing keys, device credentials, audit log. */
export class CreateAuthSchema1764000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE organizations (
        id           uuid PRIMARY KEY,
        name         text NOT NULL,
        status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        created_at   timestamptz NOT NULL DEFAULT now(),
        suspended_at timestamptz,
        suspended_by uuid
      )`);
    await queryRunner.query(`CREATE INDEX organizations_suspended ON organizations (id) WHERE status = 'suspended'`);
    await queryRunner.query(`
      CREATE TABLE users (
        id             uuid PRIMARY KEY,
        email          text NOT NULL CHECK (email = lower(email)),
        name           text NOT NULL,
        password_hash  text NOT NULL,
        account_type   text NOT NULL CHECK (account_type IN ('customer', 'device_owner')),
        platform_admin boolean NOT NULL DEFAULT false,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_unique UNIQUE (email)
      )`);
    await queryRunner.query(`
      CREATE TABLE memberships (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role            text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, user_id)
      )`);
    await queryRunner.query(`CREATE INDEX memberships_user ON memberships (user_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE invitations (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        email           text NOT NULL CHECK (email = lower(email)),
        role            text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
        invited_by      uuid NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        expires_at      timestamptz NOT NULL,
        accepted_at     timestamptz,
        PRIMARY KEY (organization_id, email)
      )`);
    await queryRunner.query(`CREATE INDEX invitations_pending ON invitations (email) WHERE accepted_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        id              uuid PRIMARY KEY,
        user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        family_id       uuid NOT NULL,
        token_hash      text NOT NULL UNIQUE,
        organization_id uuid,
        expires_at      timestamptz NOT NULL,
        used_at         timestamptz,
        revoked_at      timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)`);
    await queryRunner.query(`CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id              uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        name            text NOT NULL,
        prefix          text NOT NULL,
        key_hash        text NOT NULL UNIQUE,
        scopes          text[] NOT NULL,
        created_by      uuid,
        created_at      timestamptz NOT NULL DEFAULT now(),
        last_used_at    timestamptz,
        revoked_at      timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX api_keys_organization ON api_keys (organization_id, id) WHERE revoked_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE signing_keys (
        kid         text PRIMARY KEY,
        algorithm   text NOT NULL DEFAULT 'RS256',
        public_key  text NOT NULL,
        private_key text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        retired_at  timestamptz
      )`);
    // At most one current key: two replicas rotating together cannot both win.
    await queryRunner.query(`CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys ((true)) WHERE retired_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE device_credentials (
        device_id  uuid PRIMARY KEY,
        owner_id   uuid NOT NULL,
        jti        uuid NOT NULL,
        issued_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id              uuid PRIMARY KEY,
        actor_id        uuid,
        action          text NOT NULL,
        organization_id uuid,
        details         jsonb NOT NULL DEFAULT '{}',
        at              timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_organization ON audit_log (organization_id, at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'device_credentials', 'signing_keys', 'api_keys', 'refresh_tokens', 'invitations', 'memberships', 'users', 'organizations']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
