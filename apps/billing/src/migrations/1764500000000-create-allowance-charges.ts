import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each message paid from a prepaid allowance was finally charged, decided once by its first
 * settling status (the row's primary key): `held` is what was spent (the quote), `charged` the route's
 * price (0 when it failed); the difference went back to the wallet in the `capture` transaction whose
 * reference is the message id.
 */
export class CreateAllowanceCharges1764500000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE allowance_charges (
        message_id      uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        allowance_id    uuid NOT NULL,
        held            bigint NOT NULL CHECK (held >= 0),
        charged         bigint NOT NULL CHECK (charged >= 0),
        outcome         text NOT NULL CHECK (outcome IN ('captured', 'released')),
        route           text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT allowance_charges_within_held CHECK (charged <= held)
      )`);
    await queryRunner.query(`CREATE INDEX allowance_charges_allowance ON allowance_charges (allowance_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE allowance_charges`);
  }
}
