import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages whose fate is asked of their provider (SMS.IR, Kavenegar status API) rather than called back: one row
 * per provider message id while the message is `sent`, with when to ask next. Written with the submit's outcome,
 * so the schedule survives restarts.
 */
export class DeliveryPolls1767300000016 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE delivery_polls (
        provider_id          uuid NOT NULL,
        provider_message_id  text NOT NULL,
        message_id           uuid NOT NULL REFERENCES deliveries (message_id) ON DELETE CASCADE,
        polls                int NOT NULL DEFAULT 0,
        due_at               timestamptz NOT NULL,
        give_up_at           timestamptz NOT NULL,
        PRIMARY KEY (provider_id, provider_message_id)
      )`);
    await queryRunner.query(`CREATE INDEX delivery_polls_due ON delivery_polls (due_at)`);
    await queryRunner.query(`CREATE INDEX delivery_polls_message ON delivery_polls (message_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE delivery_polls`);
  }
}
