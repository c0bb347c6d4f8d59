import { openAsBlob, rmSync } from 'node:fs';
import { PublicApiClient } from '@zagel/sdk';
import { writeCampaignFile } from '../campaign/campaign-file';
import { BulkRun } from './bulk-lane';

const FINAL_COUNTERS = ['delivered', 'undelivered', 'failed', 'canceled', 'expired'] as const;
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Another organization's CSV campaign of `rows` recipients: uploaded through `POST /v1/campaigns`,
 * started at once, and followed through its public progress (`GET /v1/campaigns/{id}`) until every
 * accepted recipient is final, or `deadlineSeconds` after the start.
 */
export async function runCampaign(app: PublicApiClient, rows: number, deadlineSeconds: number): Promise<BulkRun> {
  const path = await writeCampaignFile(rows);
  try {
    const form = new FormData();
    form.append('file', await openAsBlob(path, { type: 'text/csv' }), 'isolation.csv');
    const started = nowMs();
    const campaign = (await app.postForm('/v1/campaigns', form, { idempotencyKey: null })).expectStatus(201);
    const acceptSeconds = (nowMs() - started) / 1_000;
    (await app.post(`/v1/campaigns/${campaign.id}/start`)).expectStatus(200);
    const deadline = nowMs() + deadlineSeconds * 1_000;
    let final = 0;
    while (final < campaign.totals.accepted && nowMs() < deadline) {
      await sleep(200);
      const { counters } = (await app.get(`/v1/campaigns/${campaign.id}`)).body;
      final = FINAL_COUNTERS.reduce((sum, status) => sum + counters[status], 0);
    }
    const seconds = (nowMs() - started) / 1_000;
    return { acceptSeconds: [acceptSeconds], accepted: campaign.totals.accepted, rejected: campaign.totals.rejected, final, seconds, finalPerSec: final / seconds };
  } finally {
    rmSync(path, { force: true });
  }
}
