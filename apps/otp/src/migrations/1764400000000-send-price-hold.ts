import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a send's price was held: spent from the organization's prepaid allowance (`allowance_id`,
 * `held_amount`) or, when both are null, reserved with billing (reference = the message id).
 * `price_returned` marks an allowance-paid send whose price was given back, so it is given back once.
 */
export class SendPriceHold1764400000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE verification_sends
        ADD COLUMN allowance_id   text,
        ADD COLUMN held_amount    bigint,
        ADD COLUMN price_returned boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE verification_sends DROP COLUMN allowance_id, DROP COLUMN held_amount, DROP COLUMN price_returned`);
  }
}
