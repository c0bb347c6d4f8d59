import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A phone proves it holds its number before it gets traffic. Phones registered before proofs
 * existed keep working: they count as verified since their registration. A number has at most one
 * verified holder; other owners may claim it meanwhile (each claim pending until proven), an owner
 * once. Every proof code sent is a row (its HMAC only), so sends to a number can be counted.
 */
export class DeviceNumberProofs1766041735291 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE devices ADD COLUMN verified_at timestamptz`);
    await queryRunner.query(`UPDATE devices SET verified_at = created_at`);
    await queryRunner.query(`ALTER TABLE devices DROP CONSTRAINT devices_phone_number_unique`);
    await queryRunner.query(`CREATE UNIQUE INDEX devices_number_holder ON devices (phone_number) WHERE verified_at IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX devices_owner_number ON devices (owner_id, phone_number)`);
    await queryRunner.query(`
      CREATE TABLE device_proofs (
        id            uuid PRIMARY KEY,
        device_id     uuid NOT NULL,
        phone_number  text NOT NULL,
        code_hmac     bytea NOT NULL,
        message_id    uuid NOT NULL,
        attempts      integer NOT NULL DEFAULT 0,
        sent_at       timestamptz NOT NULL,
        expires_at    timestamptz NOT NULL,
        used_at       timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX device_proofs_device ON device_proofs (device_id, sent_at)`);
    await queryRunner.query(`CREATE INDEX device_proofs_number ON device_proofs (phone_number, sent_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE device_proofs`);
    await queryRunner.query(`DROP INDEX devices_owner_number`);
    await queryRunner.query(`DROP INDEX devices_number_holder`);
    await queryRunner.query(`ALTER TABLE devices ADD CONSTRAINT devices_phone_number_unique UNIQUE (phone_number)`);
    await queryRunner.query(`ALTER TABLE devices DROP COLUMN verified_at`);
  }
}
