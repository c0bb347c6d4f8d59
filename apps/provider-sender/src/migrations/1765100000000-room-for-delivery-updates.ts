import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Room on every page for each delivery to move in place (HOT, no index entry written): a batch's
 * deliveries are created together and move together (`sent`, then `delivered`), so a full page
 * would send nearly every new version to another page.
 */
export class RoomForDeliveryUpdates1765100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries SET (fillfactor = 50)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries RESET (fillfactor)`);
  }
}
