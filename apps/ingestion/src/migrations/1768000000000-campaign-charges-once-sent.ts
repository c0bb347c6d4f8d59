import { MigrationInterface, QueryRunner } from 'typeorm';
import { campaignCountersFunction } from './campaign-counters-function';

/** A message handed to a carrier or a phone (sent, delivered, undelivered, or failed after a `sent`). */
const CHARGED = `({row}.status IN ('sent', 'delivered', 'undelivered') OR {row}.sent_at IS NOT NULL)`;

/**
 * A campaign's `spent` becomes what billing charges a single message: its price once it was handed to
 * a carrier or a phone, kept whatever its outcome after that. Before, a `sent` message that later
 * failed was taken back out of `spent`, after the campaign may already have been settled on it
 * (settlement waits for nothing to be queued, not for every `sent` to end): billing captured more
 * than the campaign said it spent. Now nothing that moves after a campaign's last message left the
 * queue changes its `spent`. Unsettled campaigns are counted again by the new rule.
 */
export class CampaignChargesOnceSent1768000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(campaignCountersFunction(CHARGED));
    await queryRunner.query(`
      UPDATE campaigns c SET spent = coalesce(s.spent, 0), version = c.version + 1, updated_at = now()
        FROM (SELECT m.campaign_id, sum(m.price) FILTER (WHERE ${CHARGED.replaceAll('{row}', 'm')}) AS spent
                FROM messages m JOIN campaigns u ON u.id = m.campaign_id AND u.settled_at IS NULL
               GROUP BY m.campaign_id) s
       WHERE c.id = s.campaign_id AND c.spent IS DISTINCT FROM coalesce(s.spent, 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(campaignCountersFunction(`{row}.status IN ('sent', 'delivered')`));
  }
}
