import { MigrationInterface, QueryRunner } from 'typeorm';

/** The platform's own messages (a device's number proof) have the origin `system`. */
export class SystemDeliveryOrigin1766041735292 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_origin_check`);
    await queryRunner.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_origin_check CHECK (origin IN ('otp', 'api', 'system'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_origin_check`);
    await queryRunner.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_origin_check CHECK (origin IN ('otp', 'api'))`);
  }
}
