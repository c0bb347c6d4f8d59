import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rewards a phone claimed but has not proven: a non-OTP message its phone reported sent or delivered
 * (which a phone can forge). `pending` until the phone passes a canary (`paid`: a `reward` ledger
 * transaction and a `rewards` row), or its owner's phone is banned (`forfeited`). One row per message.
 */
export class CreatePendingRewards1766041937000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pending_rewards (
        message_id      uuid PRIMARY KEY,
        owner_id        uuid NOT NULL,
        device_id       uuid NOT NULL,
        organization_id uuid,
        state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'paid', 'forfeited')),
        created_at      timestamptz NOT NULL DEFAULT now(),
        settled_at      timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX pending_rewards_device ON pending_rewards (device_id, created_at) WHERE state = 'pending'`);
    await queryRunner.query(`CREATE INDEX pending_rewards_owner ON pending_rewards (owner_id) WHERE state = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE pending_rewards`);
  }
}
