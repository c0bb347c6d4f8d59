import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger transaction that captured a reservation. A settlement of many reservations of one
 * wallet posts one capture for all of them (their sum), so the reservation names its transaction;
 * `captured_amount` stays the message's own price. Not indexed: read per reservation, never searched.
 */
export class ReservationCaptureTransaction1767700000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reservations ADD COLUMN capture_transaction_id uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reservations DROP COLUMN capture_transaction_id`);
  }
}
