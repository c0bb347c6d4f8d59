import { MigrationInterface, QueryRunner } from 'typeorm';

/** Which deliveries came in a batch (bulk lane): their status changes are announced in `message.status.batch`. */
export class BulkDeliveries1765000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries ADD COLUMN bulk boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries DROP COLUMN bulk`);
  }
}
