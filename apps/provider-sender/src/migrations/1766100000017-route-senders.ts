import { MigrationInterface, QueryRunner } from 'typeorm';

/** The sender ids and numbers a route's organization may send from through the route's providers. */
export class RouteSenders1766100000017 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE provider_routes ADD COLUMN senders text[] NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE provider_routes DROP COLUMN senders`);
  }
}
