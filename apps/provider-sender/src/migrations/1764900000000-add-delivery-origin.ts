import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each delivery keeps the origin of its request (otp or api): its status events are routed by it. */
export class AddDeliveryOrigin1764900000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // A constant default: no table rewrite.
    await queryRunner.query(`ALTER TABLE deliveries ADD COLUMN origin text NOT NULL DEFAULT 'api' CHECK (origin IN ('otp', 'api'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries DROP COLUMN origin`);
  }
}
