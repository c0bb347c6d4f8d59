import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Prepaid allowances: blocks of a customer wallet held (in `accounts.reserved`) for spending from
 * Redis without a billing call. `granted - captured - returned` is what the allowance holds on the
 * wallet; each settlement (what was spent since the last, taken out of Redis under its own id)
 * captures once: its row here is the proof it was applied.
 */
export class CreateAllowances1764300000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE allowances (
        id              uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        account_id      uuid NOT NULL REFERENCES accounts (id),
        seq             bigint NOT NULL,
        granted         bigint NOT NULL DEFAULT 0 CHECK (granted >= 0),
        captured        bigint NOT NULL DEFAULT 0 CHECK (captured >= 0),
        returned        bigint NOT NULL DEFAULT 0 CHECK (returned >= 0),
        status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        expires_at      timestamptz NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        closed_at       timestamptz,
        CONSTRAINT allowances_seq UNIQUE (organization_id, seq),
        CONSTRAINT allowances_within_grant CHECK (captured + returned <= granted),
        CONSTRAINT allowances_closed_settled CHECK (status = 'open' OR captured + returned = granted)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX allowances_open ON allowances (organization_id) WHERE status = 'open'`);
    await queryRunner.query(`
      CREATE TABLE allowance_settlements (
        id             uuid PRIMARY KEY,
        allowance_id   uuid NOT NULL REFERENCES allowances (id),
        spent          bigint NOT NULL,
        closes         boolean NOT NULL,
        transaction_id uuid REFERENCES ledger_transactions (id),
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX allowance_settlements_allowance ON allowance_settlements (allowance_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE allowance_settlements`);
    await queryRunner.query(`DROP TABLE allowances`);
  }
}
