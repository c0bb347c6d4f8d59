import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts with cached balances, an append-only double-entry ledger whose transactions must sum to
 * zero per unit (checked by Postgres at commit), reservations (holds on a wallet), prices with
 * defaults, Stripe sessions and events, rewards.
 */
export class CreateBillingSchema1764100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE accounts (
        id                  uuid PRIMARY KEY,
        kind                text NOT NULL CHECK (kind IN ('customer_wallet', 'reward_wallet', 'platform_revenue', 'stripe_clearing', 'rewards_expense', 'adjustments')),
        owner_id            uuid,
        unit                text NOT NULL,
        balance             bigint NOT NULL DEFAULT 0,
        reserved            bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        low_balance_alerted boolean NOT NULL DEFAULT false,
        created_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT accounts_owner UNIQUE NULLS NOT DISTINCT (kind, owner_id, unit),
        CONSTRAINT accounts_wallet_owned CHECK ((kind IN ('customer_wallet', 'reward_wallet')) = (owner_id IS NOT NULL)),
        -- A wallet never goes below zero, and never holds more than it has.
        CONSTRAINT accounts_wallet_covered CHECK (kind NOT IN ('customer_wallet', 'reward_wallet') OR balance >= reserved)
      )`);
    await queryRunner.query(`
      CREATE TABLE ledger_transactions (
        id              uuid PRIMARY KEY,
        kind            text NOT NULL CHECK (kind IN ('capture', 'stripe_top_up', 'stripe_refund', 'adjustment', 'reward')),
        organization_id uuid,
        reference       text NOT NULL,
        description     text,
        actor_id        uuid,
        created_at      timestamptz NOT NULL DEFAULT now(),
        -- One capture per reservation, one credit per Stripe session, one reward per message.
        CONSTRAINT ledger_transactions_once UNIQUE (kind, reference)
      )`);
    await queryRunner.query(`CREATE INDEX ledger_transactions_organization ON ledger_transactions (organization_id, id)`);
    await queryRunner.query(`
      CREATE TABLE ledger_entries (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id uuid NOT NULL REFERENCES ledger_transactions (id),
        account_id     uuid NOT NULL REFERENCES accounts (id),
        amount         bigint NOT NULL CHECK (amount <> 0),
        balance_after  bigint,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ledger_entries_account ON ledger_entries (account_id, id)`);
    await queryRunner.query(`CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id)`);

    // An entry moves its wallet's balance in the same statement, so a wallet's balance equals the sum
    // of its entries; the row lock serializes concurrent postings and the CHECK refuses an overdraft.
    // Platform accounts (revenue, clearing, expense, adjustments) touch every transaction: caching
    // their balance would make every capture of every organization queue on one row, so their
    // balance is the sum of their entries (account_balances) and their row is never locked.
    await queryRunner.query(`
      CREATE FUNCTION ledger_entry_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE accounts SET balance = balance + NEW.amount
        WHERE id = NEW.account_id AND kind IN ('customer_wallet', 'reward_wallet')
        RETURNING balance INTO NEW.balance_after;
        IF NOT FOUND AND NOT EXISTS (SELECT 1 FROM accounts WHERE id = NEW.account_id) THEN
          RAISE EXCEPTION 'ledger entry for unknown account %', NEW.account_id;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER ledger_entries_apply BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_entry_apply()`);

    await queryRunner.query(`
      CREATE FUNCTION ledger_transaction_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE unbalanced text;
      BEGIN
        SELECT a.unit INTO unbalanced
        FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
        WHERE e.transaction_id = NEW.transaction_id
        GROUP BY a.unit HAVING sum(e.amount) <> 0 LIMIT 1;
        IF unbalanced IS NOT NULL THEN
          RAISE EXCEPTION 'ledger transaction % does not sum to zero in %', NEW.transaction_id, unbalanced USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balanced()`);

    await queryRunner.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the ledger is append-only (% on %)', TG_OP, TG_TABLE_NAME; END $$`);
    for (const table of ['ledger_transactions', 'ledger_entries']) {
      await queryRunner.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);
    }

    await queryRunner.query(`
      CREATE VIEW account_balances AS
      SELECT a.id, a.kind, a.owner_id, a.unit, a.reserved,
             CASE WHEN a.kind IN ('customer_wallet', 'reward_wallet') THEN a.balance
                  ELSE coalesce((SELECT sum(e.amount) FROM ledger_entries e WHERE e.account_id = a.id), 0) END AS balance
      FROM accounts a`);

    await queryRunner.query(`
      CREATE TABLE reservations (
        id              uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        account_id      uuid NOT NULL REFERENCES accounts (id),
        reference       text NOT NULL,
        amount          bigint NOT NULL CHECK (amount >= 0),
        captured_amount bigint NOT NULL DEFAULT 0 CHECK (captured_amount >= 0 AND captured_amount <= amount),
        status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'captured', 'released', 'expired')),
        pricing         jsonb,
        expires_at      timestamptz NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        closed_at       timestamptz,
        CONSTRAINT reservations_reference UNIQUE (organization_id, reference)
      )`);
    await queryRunner.query(`CREATE INDEX reservations_open_expiry ON reservations (expires_at) WHERE status = 'open'`);

    await queryRunner.query(`
      CREATE TABLE prices (
        id           uuid PRIMARY KEY,
        country      text CHECK (country ~ '^[A-Z]{2}$'),
        route        text CHECK (route IN ('device', 'provider')),
        message_type text CHECK (message_type IN ('otp', 'transactional', 'promotional')),
        unit_price   bigint NOT NULL CHECK (unit_price >= 0),
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT prices_match UNIQUE NULLS NOT DISTINCT (country, route, message_type)
      )`);
    // Defaults that make a fresh platform usable: a phone in the pool costs less than a provider,
    // and promotional traffic is a little cheaper than OTP. Operators change them through /v1/admin/prices.
    await queryRunner.query(`
      INSERT INTO prices (id, country, route, message_type, unit_price) VALUES
        ('00000000-0000-7000-8000-000000000001', NULL, NULL, NULL, 6),
        ('00000000-0000-7000-8000-000000000002', NULL, 'device', NULL, 3),
        ('00000000-0000-7000-8000-000000000003', NULL, 'provider', NULL, 6),
        ('00000000-0000-7000-8000-000000000004', NULL, 'provider', 'promotional', 5),
        ('00000000-0000-7000-8000-000000000005', NULL, 'device', 'promotional', 2)`);

    await queryRunner.query(`
      CREATE TABLE checkout_sessions (
        id                text PRIMARY KEY,
        organization_id   uuid NOT NULL,
        created_by        uuid,
        amount            bigint NOT NULL CHECK (amount > 0),
        currency          text NOT NULL,
        url               text,
        payment_intent_id text,
        status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'credited')),
        created_at        timestamptz NOT NULL DEFAULT now(),
        credited_at       timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX checkout_sessions_payment_intent ON checkout_sessions (payment_intent_id)`);
    await queryRunner.query(`
      CREATE TABLE stripe_events (
        id          text PRIMARY KEY,
        type        text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE stripe_refunds (
        charge_id       text PRIMARY KEY,
        organization_id uuid NOT NULL,
        refunded_total  bigint NOT NULL DEFAULT 0,
        unrecovered     bigint NOT NULL DEFAULT 0
      )`);

    await queryRunner.query(`
      CREATE TABLE rewards (
        message_id      uuid PRIMARY KEY,
        owner_id        uuid NOT NULL,
        device_id       uuid,
        organization_id uuid,
        tokens          bigint NOT NULL CHECK (tokens > 0),
        source          text NOT NULL CHECK (source IN ('otp_verified', 'delivered')),
        transaction_id  uuid NOT NULL REFERENCES ledger_transactions (id),
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX rewards_owner ON rewards (owner_id, created_at DESC, message_id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW account_balances`);
    for (const table of ['rewards', 'stripe_refunds', 'stripe_events', 'checkout_sessions', 'prices', 'reservations', 'ledger_entries', 'ledger_transactions', 'accounts']) {
      await queryRunner.query(`DROP TABLE ${table} CASCADE`);
    }
    for (const fn of ['ledger_append_only', 'ledger_transaction_balanced', 'ledger_entry_apply']) {
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    }
  }
}
