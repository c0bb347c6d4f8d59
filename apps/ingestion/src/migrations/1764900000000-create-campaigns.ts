import { MigrationInterface, QueryRunner } from 'typeorm';
import { CAMPAIGN_COUNTED_STATUSES, campaignCountersFunction } from './campaign-counters-function';

/**
 * Campaigns, their recipients (one row per line kept, in line order), the rows refused with their
 * reason, the staging of uploads in progress, and the trigger that keeps each campaign's counters in
 * step with its messages: one UPDATE per campaign per statement that moved any of them, never a count.
 */
export class CreateCampaigns1764900000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE campaigns (
        id                    uuid PRIMARY KEY,
        organization_id       uuid NOT NULL,
        name                  text NOT NULL,
        status                text NOT NULL CHECK (status IN ('draft', 'scheduled', 'running', 'paused', 'completed', 'canceled', 'failed')),
        type                  text NOT NULL,
        route_preference      text NOT NULL,
        options               jsonb NOT NULL,
        rate_per_second       integer,
        schedule_at           timestamptz,
        expires_at            timestamptz,
        total_rows            integer NOT NULL,
        accepted              integer NOT NULL,
        rejected              integer NOT NULL,
        duplicates            integer NOT NULL,
        opted_out             integer NOT NULL,
        estimated_segments    bigint NOT NULL,
        estimated_price       bigint NOT NULL,
        currency              text NOT NULL,
        unit_prices           jsonb NOT NULL,
        preview               jsonb NOT NULL,
        next_position         integer NOT NULL DEFAULT 1,
        next_send_at          timestamptz,
        queued                bigint NOT NULL DEFAULT 0,
        ${CAMPAIGN_COUNTED_STATUSES.map((status) => `${status} bigint NOT NULL DEFAULT 0`).join(',\n        ')},
        spent                 bigint NOT NULL DEFAULT 0,
        reserved              bigint NOT NULL DEFAULT 0,
        settled_at            timestamptz,
        version               bigint NOT NULL DEFAULT 1,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        started_at            timestamptz,
        completed_at          timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX campaigns_organization ON campaigns (organization_id, id DESC)`);
    await queryRunner.query(`CREATE INDEX campaigns_due ON campaigns (next_send_at) WHERE status IN ('scheduled', 'running')`);
    await queryRunner.query(
      `CREATE INDEX campaigns_unsettled ON campaigns (id) WHERE settled_at IS NULL AND status IN ('running', 'completed', 'canceled', 'failed')`,
    );
    await queryRunner.query(`
      CREATE TABLE campaign_status_history (
        campaign_id uuid NOT NULL,
        version     bigint NOT NULL,
        status      text NOT NULL,
        at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE campaign_recipients (
        campaign_id uuid NOT NULL,
        position    integer NOT NULL,
        line        integer NOT NULL,
        phone       text NOT NULL,
        country     text NOT NULL,
        body        text NOT NULL,
        segments    smallint NOT NULL,
        message_id  uuid,
        PRIMARY KEY (campaign_id, position)
      )`);
    await queryRunner.query(`
      CREATE TABLE campaign_errors (
        campaign_id uuid NOT NULL,
        line        integer NOT NULL,
        phone       text NOT NULL,
        code        text NOT NULL,
        reason      text NOT NULL,
        PRIMARY KEY (campaign_id, line)
      )`);
    await queryRunner.query(`
      CREATE TABLE campaign_uploads (
        id              uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        options         jsonb NOT NULL,
        layout          jsonb NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    // Rows of uploads still arriving: unlogged (an upload lost in a crash is uploaded again), read once by the finish.
    await queryRunner.query(`
      CREATE UNLOGGED TABLE campaign_upload_rows (
        upload_id uuid NOT NULL,
        line      integer NOT NULL,
        phone     text NOT NULL,
        country   text NOT NULL,
        body      text NOT NULL,
        segments  smallint NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX campaign_upload_rows_upload ON campaign_upload_rows (upload_id)`);
    await queryRunner.query(campaignCountersFunction(`{row}.status IN ('sent', 'delivered')`));
    await queryRunner.query(`
      CREATE TRIGGER messages_move_campaign_counters AFTER UPDATE ON messages
        REFERENCING OLD TABLE AS old_messages NEW TABLE AS new_messages
        FOR EACH STATEMENT EXECUTE FUNCTION campaign_counters_follow_messages()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER messages_move_campaign_counters ON messages`);
    await queryRunner.query(`DROP FUNCTION campaign_counters_follow_messages()`);
    for (const table of ['campaign_upload_rows', 'campaign_uploads', 'campaign_errors', 'campaign_recipients', 'campaign_status_history', 'campaigns']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
