import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Room on every page for each of its messages to move once more in place. Messages arrive in
 * bulk (COPY fills whole pages) and their statuses move in bulk (`sent`, then `delivered`, for a
 * page's rows in one statement): with 10% free only a row or two of a page stays on it (HOT), the
 * rest move to other pages and write an entry in each of the table's indexes. With half of each
 * page free, every row's next version fits beside it, and pruning frees the old one for the move after.
 */
export class RoomForStatusUpdates1765400000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages SET (fillfactor = 50)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages SET (fillfactor = 90)`);
  }
}
