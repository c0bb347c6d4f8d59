import { MigrationInterface, QueryRunner } from 'typeorm';

const WALLETS = `('customer_wallet', 'reward_wallet')`;

/**
 * Ledger entries move wallet balances once per statement instead of once per row. A per-row trigger
 * ran an UPDATE of the wallet for every entry (0.17 ms each: a batch of 500 captures spent 160 ms in
 * it, holding the wallet's lock); now the inserting statement writes each entry's `balance_after`
 * (the wallet's balance plus the running sum of the statement's entries on it) and one statement-level
 * trigger adds each wallet's total to its balance (the CHECK still refuses an overdraft) and refuses
 * the statement unless every `balance_after` is exactly the balance after that entry, in id order
 * (NULL for platform accounts, whose balance is the sum of their entries). The database still
 * decides: a wrong `balance_after` can never be stored.
 */
export class ApplyLedgerEntriesPerStatement1764200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER ledger_entries_apply ON ledger_entries`);
    await queryRunner.query(`DROP FUNCTION ledger_entry_apply()`);
    await queryRunner.query(`
      CREATE FUNCTION ledger_entries_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE wrong record;
      BEGIN
        WITH totals AS (SELECT account_id, sum(amount) AS total FROM inserted GROUP BY account_id)
        UPDATE accounts a SET balance = a.balance + t.total FROM totals t
        WHERE a.id = t.account_id AND a.kind IN ${WALLETS};
        SELECT e.id, e.account_id, e.balance_after, e.expected INTO wrong FROM (
          SELECT i.id, i.account_id, i.balance_after,
                 CASE WHEN a.kind IN ${WALLETS}
                      THEN a.balance - sum(i.amount) OVER (PARTITION BY i.account_id)
                                     + sum(i.amount) OVER (PARTITION BY i.account_id ORDER BY i.id) END AS expected
          FROM inserted i JOIN accounts a ON a.id = i.account_id
        ) e
        WHERE e.balance_after IS DISTINCT FROM e.expected
        LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger entry % on account % records balance_after %, not %', wrong.id, wrong.account_id, wrong.balance_after, wrong.expected
            USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER ledger_entries_apply AFTER INSERT ON ledger_entries
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_apply()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER ledger_entries_apply ON ledger_entries`);
    await queryRunner.query(`DROP FUNCTION ledger_entries_apply()`);
    await queryRunner.query(`
      CREATE FUNCTION ledger_entry_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE accounts SET balance = balance + NEW.amount
        WHERE id = NEW.account_id AND kind IN ${WALLETS}
        RETURNING balance INTO NEW.balance_after;
        IF NOT FOUND AND NOT EXISTS (SELECT 1 FROM accounts WHERE id = NEW.account_id) THEN
          RAISE EXCEPTION 'ledger entry for unknown account %', NEW.account_id;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER ledger_entries_apply BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_entry_apply()`);
  }
}
