import { randomUUID } from 'node:crypto';
import { BillingClient } from '@zagel/billing-client';
import { AdjustCredits, MAX_BATCH_RECIPIENTS, MessageStatusBatch, MessageStatusChanged, MessageStatusPayload } from '@zagel/contracts';
import { BusProbe, ServiceDatabase, until } from '@zagel/testing';
import { perSecond, timed } from '../common';

/** What the settlement figures need: billing's client, a bus probe and billing's tables. */
export interface SettlementBench {
  billing: BillingClient;
  probe: BusProbe;
  db: ServiceDatabase;
  /** Runs `total` calls with `concurrency` in flight; answers how many failed. */
  inFlight: (total: number, concurrency: number, call: (index: number) => Promise<unknown>) => Promise<number>;
}

export interface SettlementRate {
  perSecond: number;
  failures: number;
}

const PRICE = 6;

/** A new organization with `count` open reservations of PRICE on its one wallet; answers the organization and the references. */
async function reservedWallet(bench: SettlementBench, count: number): Promise<{ organizationId: string; references: string[] }> {
  const organizationId = randomUUID();
  await bench.probe.rpc.call(AdjustCredits, 'billing', { organizationId, operatorId: randomUUID(), amount: count * PRICE, reason: 'bench funding' });
  const references: string[] = [];
  for (let start = 0; start < count; start += MAX_BATCH_RECIPIENTS) {
    const items = Array.from({ length: Math.min(MAX_BATCH_RECIPIENTS, count - start) }, () => ({ reference: randomUUID(), amount: PRICE }));
    await bench.billing.reserveMany({ organizationId, items });
    references.push(...items.map((item) => item.reference));
  }
  return { organizationId, references };
}

async function allCaptured(bench: SettlementBench, organizationId: string, count: number, what: string): Promise<void> {
  await until(
    async () => {
      const [{ captured }] = await bench.db.query<{ captured: string }>(
        `SELECT count(*) AS captured FROM reservations WHERE organization_id = $1 AND status = 'captured'`,
        [organizationId],
      );
      return Number(captured) >= count;
    },
    { what, deadline: 300_000, interval: 20 },
  );
}

/** billing.capture RPCs of one wallet, `concurrency` in flight: every call contends for the same wallet. */
export async function oneWalletCaptureRpcs(bench: SettlementBench, count: number, concurrency: number): Promise<SettlementRate> {
  const { organizationId, references } = await reservedWallet(bench, count);
  const run = await timed(() => bench.inFlight(count, concurrency, (index) => bench.billing.capture({ organizationId, reference: references[index] })));
  return { perSecond: Math.round(perSecond(count, run.seconds)), failures: run.result };
}

function sent(organizationId: string, messageId: string): MessageStatusPayload {
  return { messageId, organizationId, status: 'sent', origin: 'api', route: 'provider', at: new Date().toISOString() };
}

/** One `message.status` (sent) per message of one wallet, published as fast as confirms allow; timed until every reservation is captured. */
export async function oneWalletStatusEvents(bench: SettlementBench, count: number, concurrency: number): Promise<SettlementRate> {
  const { organizationId, references } = await reservedWallet(bench, count);
  const run = await timed(async () => {
    const failures = await bench.inFlight(count, concurrency, (index) => bench.probe.publish(MessageStatusChanged, sent(organizationId, references[index])));
    await allCaptured(bench, organizationId, count, 'every status event to be settled');
    return failures;
  });
  return { perSecond: Math.round(perSecond(count, run.seconds)), failures: run.result };
}

/** `message.status.batch` events of 500 items of one wallet; timed until every reservation is captured. */
export async function oneWalletStatusBatches(bench: SettlementBench, count: number): Promise<SettlementRate> {
  const { organizationId, references } = await reservedWallet(bench, count);
  const batches: MessageStatusPayload[][] = [];
  for (let start = 0; start < count; start += MAX_BATCH_RECIPIENTS) {
    batches.push(references.slice(start, start + MAX_BATCH_RECIPIENTS).map((reference) => sent(organizationId, reference)));
  }
  const run = await timed(async () => {
    const failures = await bench.inFlight(batches.length, 8, (index) => bench.probe.publish(MessageStatusBatch, { items: batches[index] }));
    await allCaptured(bench, organizationId, count, 'every status batch to be settled');
    return failures;
  });
  return { perSecond: Math.round(perSecond(count, run.seconds)), failures: run.result };
}
