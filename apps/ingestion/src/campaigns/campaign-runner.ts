import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BillingCallError, BillingClient } from '@zagel/billing-client';
import { Poller } from '@zagel/concurrency';
import { BillingErrorCode } from '@zagel/contracts';
import { CampaignRow, reservationReference } from './campaign-row';
import { CampaignUploadsRepository } from './campaign-uploads.repository';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignWake } from './campaign-wake';
import { CampaignChunkSuperseded, SendCampaignChunk } from './send-campaign-chunk';

/** Idle rounds: often enough that a paced chunk, a resume or a completion is seen well within a second. */
const ROUND_INTERVAL_MS = 200;
const ABANDONED_UPLOAD_SECONDS = 3_600;
const ABANDONED_UPLOAD_CHECK_MS = 60_000;
const SETTLED_ALREADY: ReadonlySet<unknown> = new Set([BillingErrorCode.ReservationClosed, BillingErrorCode.ReservationNotFound]);
const DUE = `status IN ('scheduled', 'running') AND next_send_at <= now() AND next_position <= accepted`;
/** Due campaigns looked at per round: other instances may be sending chunks of the first ones. */
const CLAIM_CANDIDATES = 8;

/**
 * Sends running campaigns a chunk at a time, on every ingestion instance at once: each round claims
 * one campaign that is due (its chunk lock, see claimDueCampaign) and hands out its next chunk in the
 * same transaction, so a restarted instance resumes where the last commit left off and no recipient
 * goes out twice. Between chunks it completes campaigns whose messages have all left the queue and
 * settles finished ones with billing (capture what was spent, release the rest).
 */
@Injectable()
export class CampaignRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CampaignRunner.name);
  private readonly poller: Poller;
  private uploadsCheckedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly uploads: CampaignUploadsRepository,
    private readonly chunks: SendCampaignChunk,
    private readonly billing: BillingClient,
    wake: CampaignWake,
  ) {
    this.poller = new Poller({ name: 'campaign-runner', intervalMs: ROUND_INTERVAL_MS, task: () => this.round(), runAtStart: true });
    wake.onWake(() => this.poller.wake());
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /**
   * One round: a chunk if one is due (true: go again at once), else completions, settlements and
   * cleanup. One read says which of them has anything to do, so an idle round is one round trip.
   */
  async round(): Promise<boolean> {
    const work = await this.pendingWork();
    if (work.due && (await this.sendNextChunk())) return true;
    if (work.finished) await this.completeFinished();
    if (work.finished || work.unsettled) await this.settleFinished();
    if (Date.now() - this.uploadsCheckedAt >= ABANDONED_UPLOAD_CHECK_MS) {
      this.uploadsCheckedAt = Date.now();
      for (const id of await this.uploads.abandoned(ABANDONED_UPLOAD_SECONDS)) await this.uploads.discard(id);
    }
    return false;
  }

  /** Whether a campaign is due a chunk, has handed out everything (to complete) or ended unsettled. */
  private async pendingWork(): Promise<{ due: boolean; finished: boolean; unsettled: boolean }> {
    const [row] = (await this.dataSource.query(
      `SELECT
         EXISTS (SELECT 1 FROM campaigns WHERE ${DUE}) AS due,
         EXISTS (SELECT 1 FROM campaigns WHERE status = 'running' AND next_position > accepted AND queued = 0) AS finished,
         EXISTS (SELECT 1 FROM campaigns WHERE settled_at IS NULL AND status IN ('completed', 'canceled', 'failed') AND queued = 0) AS unsettled`,
    )) as { due: boolean; finished: boolean; unsettled: boolean }[];
    return row;
  }

  async sendNextChunk(): Promise<boolean> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        let campaign = await this.claimDueCampaign(manager);
        if (!campaign) return false;
        const now = new Date();
        if (campaign.status === 'scheduled') {
          // The one lifecycle step the runner takes: under the row lock, so a cancel that came first stands.
          const [current] = (await manager.query(`SELECT status FROM campaigns WHERE id = $1 FOR UPDATE`, [campaign.id])) as Pick<CampaignRow, 'status'>[];
          if (current?.status !== 'scheduled') return true;
          campaign = await this.campaigns.moveTo(manager, campaign.id, 'running', { started_at: now });
        }
        if (campaign.expires_at && campaign.expires_at <= now) {
          // Past its expiry nothing more goes out; the campaign completes once what is out is settled.
          await manager.query(
            `UPDATE campaigns SET next_position = accepted + 1, version = version + 1, updated_at = now() WHERE id = $1 AND status = 'running'`,
            [campaign.id],
          );
          return true;
        }
        return (await this.chunks.execute(manager, campaign, now)) > 0;
      });
    } catch (error) {
      // Paused, canceled or moved on while the chunk was made: it was rolled back; look again at once.
      if (error instanceof CampaignChunkSuperseded) return true;
      throw error;
    }
  }

  /**
   * A due campaign no other instance is sending a chunk of, read after its chunk lock is taken (so it
   * shows the last chunk committed). The lock is a transaction-level advisory lock, not the campaign
   * row's: every status batch of the campaign's messages holds that row for a moment (its counters),
   * and a sender that skipped the row whenever it was held lost a round (200 ms) a quarter of the time.
   * The row is written once, at the end of the chunk (SendCampaignChunk), under the row lock.
   */
  private async claimDueCampaign(manager: EntityManager): Promise<CampaignRow | undefined> {
    const candidates = (await manager.query(
      `SELECT id FROM campaigns WHERE ${DUE} ORDER BY next_send_at LIMIT ${CLAIM_CANDIDATES}`,
    )) as { id: string }[];
    for (const { id } of candidates) {
      const [{ locked }] = (await manager.query(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`, [`campaign-chunk:${id}`])) as {
        locked: boolean;
      }[];
      if (!locked) continue;
      const [campaign] = (await manager.query(`SELECT * FROM campaigns WHERE id = $1 AND ${DUE}`, [id])) as CampaignRow[];
      if (campaign) return campaign;
    }
    return undefined;
  }

  /** Running campaigns with every recipient handed out and none still waiting become completed. */
  async completeFinished(): Promise<void> {
    await this.dataSource.query(
      `WITH done AS (
         UPDATE campaigns SET status = 'completed', completed_at = now(), version = version + 1, updated_at = now()
          WHERE status = 'running' AND next_position > accepted AND queued = 0
          RETURNING id, version
       )
       INSERT INTO campaign_status_history (campaign_id, version, status, at) SELECT id, version, 'completed', now() FROM done`,
    );
  }

  /** Ended campaigns with nothing in flight: capture exactly what was spent, release the rest. */
  async settleFinished(): Promise<void> {
    for (;;) {
      const settled = await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `SELECT * FROM campaigns WHERE settled_at IS NULL AND status IN ('completed', 'canceled', 'failed') AND queued = 0
            LIMIT 1 FOR UPDATE SKIP LOCKED`,
        )) as CampaignRow[];
        const campaign = rows[0];
        if (!campaign) return false;
        if (Number(campaign.reserved) > 0) await this.settle(campaign);
        await manager.query(`UPDATE campaigns SET settled_at = now(), reserved = 0, version = version + 1, updated_at = now() WHERE id = $1`, [campaign.id]);
        return true;
      });
      if (!settled) return;
    }
  }

  private async settle(campaign: CampaignRow): Promise<void> {
    const reference = reservationReference(campaign.id);
    const spent = Number(campaign.spent);
    try {
      if (spent > 0) await this.billing.capture({ organizationId: campaign.organization_id, reference, amount: spent });
      else await this.billing.release(campaign.organization_id, reference);
    } catch (error) {
      // Settled before a crash kept us from recording it.
      if (error instanceof BillingCallError && SETTLED_ALREADY.has(error.details?.billingCode)) return;
      this.logger.warn(`campaign ${campaign.id} not settled yet: ${String(error)}`);
      throw error;
    }
  }
}
