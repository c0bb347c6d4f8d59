import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What proves (or disproves) that a phone really sends: canaries (a platform message from the phone
 * to another pool phone or a provider inbound number, arrived or not) and the evidence each phone
 * has gathered (verified OTPs, canary outcomes) for its proven-delivery rate. A phone's evidence
 * counts from `proofs_since` (an operator's release starts it again); `banned_at` is an operator's ban.
 */
export class CreateDeliveryProofs1766042871000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE devices ADD COLUMN banned_at timestamptz, ADD COLUMN proofs_since timestamptz`);
    await queryRunner.query(`
      CREATE TABLE canaries (
        id                 uuid PRIMARY KEY,
        sender_device_id   uuid NOT NULL,
        sender_owner_id    uuid NOT NULL,
        receiver_device_id uuid,
        receiver_number    text NOT NULL,
        token              text NOT NULL,
        outcome            text NOT NULL DEFAULT 'pushed' CHECK (outcome IN ('pushed', 'arrived', 'missed', 'void')),
        last_report        text,
        claimed_at         timestamptz,
        sent_at            timestamptz NOT NULL DEFAULT now(),
        deadline           timestamptz NOT NULL,
        arrived_at         timestamptz,
        CONSTRAINT canaries_token_unique UNIQUE (token)
      )`);
    await queryRunner.query(`CREATE INDEX canaries_sender ON canaries (sender_device_id, sent_at)`);
    await queryRunner.query(`CREATE INDEX canaries_open ON canaries (deadline) WHERE outcome = 'pushed'`);
    await queryRunner.query(`
      CREATE TABLE delivery_proofs (
        kind       text NOT NULL CHECK (kind IN ('otp_verified', 'canary_arrived', 'canary_missed')),
        reference  uuid NOT NULL,
        device_id  uuid NOT NULL,
        proven     boolean NOT NULL,
        at         timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, reference)
      )`);
    await queryRunner.query(`CREATE INDEX delivery_proofs_device ON delivery_proofs (device_id, at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE delivery_proofs`);
    await queryRunner.query(`DROP TABLE canaries`);
    await queryRunner.query(`ALTER TABLE devices DROP COLUMN banned_at, DROP COLUMN proofs_since`);
  }
}
