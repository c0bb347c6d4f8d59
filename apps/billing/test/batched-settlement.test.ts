import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { DeviceCanaryPassed, GetBalance, GetRewardSummary, ListRewards, MessageReportsAnnounced, MessageStatusBatch, MessageStatusPayload, ReserveBalance, ReserveMany } from '@zagel/contracts';
import { BillingDesk, eventually, TestPlatform, typescriptChildArgs, until } from '@zagel/testing';

const PRICE = 6;
const MESSAGES = 900;
const CLIENTS = 3;
const PROMO_PRICING = { country: 'EG', messageType: 'promotional' as const, segments: 2 };

function runClient(env: Record<string, string>, name: string, organizationId: string, first: number, count: number, references: string[]): Promise<string[]> {
  const child = spawn(process.execPath, typescriptChildArgs(join(__dirname, 'fixtures', 'settle-client.ts'), name, organizationId, String(first), String(count)), {
    env: { ...process.env, ...env, SETTLE_REFERENCES: references.join(',') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve((JSON.parse(stdout.trim()) as { failed: string[] }).failed) : reject(new Error(`${name} exited ${code}: ${stderr}`))));
  });
}

describe('batched settlement of one wallet', () => {
  // Two billing instances settle the same wallet: their batches meet on its row lock.
  const platform = new TestPlatform({ services: ['billing'], replicas: { billing: 2 } });
  let billing: BillingDesk;

  beforeAll(async () => {
    await platform.start();
    billing = await BillingDesk.open(platform);
  }, 120_000);
  afterAll(() => platform.stop(), 60_000);
  afterEach(async () => {
    expect(await billing.unbalancedTransactions()).toEqual([]);
    expect(await billing.driftedAccounts()).toEqual([]);
  });

  async function statuses(organizationId: string): Promise<Record<string, number>> {
    const rows = await billing.db.query<{ status: string; count: string }>(
      `SELECT status, count(*) AS count FROM reservations WHERE organization_id = $1 GROUP BY status`,
      [organizationId],
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  it('settles every reservation once when processes capture and release it at once, twice each, by RPC, event and batch', async () => {
    const organizationId = await billing.fundedOrganization(PRICE * MESSAGES);
    const references = Array.from({ length: MESSAGES }, () => uuidv7());
    for (let start = 0; start < MESSAGES; start += 500) {
      await billing.call(ReserveMany, { organizationId, items: references.slice(start, start + 500).map((reference) => ({ reference, amount: PRICE })) });
    }
    const perClient = MESSAGES / CLIENTS;
    const failures = await Promise.all(
      Array.from({ length: CLIENTS }, (_, index) =>
        runClient(platform.namespace.env, `billing-settler-${index + 1}`, organizationId, index * perClient, perClient, references),
      ),
    );
    expect(failures.flat()).toEqual([]);
    await until(async () => !(await statuses(organizationId)).open, { what: 'every reservation to be settled', deadline: 120_000 });
    await platform.drained();

    const released = MESSAGES / 5;
    const captured = MESSAGES - released;
    expect(await statuses(organizationId)).toEqual({ captured, released });
    // Each captured reservation names the capture that charged it, and every capture charges exactly its reservations.
    const captures = await billing.db.query<{ charged: string; reservations_total: string; reservations: string }>(
      `SELECT -e.amount AS charged, (SELECT sum(r.captured_amount) FROM reservations r WHERE r.capture_transaction_id = t.id) AS reservations_total,
              (SELECT count(*) FROM reservations r WHERE r.capture_transaction_id = t.id) AS reservations
       FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id JOIN accounts a ON a.id = e.account_id AND a.kind = 'customer_wallet'
       WHERE t.kind = 'capture' AND t.organization_id = $1`,
      [organizationId],
    );
    expect(captures.every((capture) => capture.charged === capture.reservations_total)).toBe(true);
    expect(captures.reduce((sum, capture) => sum + Number(capture.reservations), 0)).toBe(captured);
    // Batched: far fewer ledger transactions than messages.
    expect(captures.length).toBeLessThan(captured / 5);
    expect(await billing.call(GetBalance, { organizationId })).toEqual({ balance: PRICE * released, reserved: 0, available: PRICE * released, currency: 'USD' });
    // The wallet's entries, in order: never below zero, each recording the balance after it.
    const [walletRecord] = await billing.db.query<{ negative: string; wrong: string; entries: string }>(
      `SELECT count(*) FILTER (WHERE balance_after < 0) AS negative, count(*) FILTER (WHERE balance_after <> running) AS wrong, count(*) AS entries
       FROM (SELECT e.balance_after, sum(e.amount) OVER (ORDER BY e.id) AS running
             FROM ledger_entries e JOIN accounts a ON a.id = e.account_id WHERE a.kind = 'customer_wallet' AND a.owner_id = $1) entries`,
      [organizationId],
    );
    expect(walletRecord).toEqual({ negative: '0', wrong: '0', entries: String(captures.length + 1) });
  }, 240_000); // three child processes compile their TypeScript first: minutes on a loaded 2-core machine

  it('settles a status batch redelivered and reordered once per message and status', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const ownerId = uuidv7();
    const deviceId = uuidv7();
    const messages = Array.from({ length: 10 }, () => uuidv7());
    for (const reference of messages) await billing.call(ReserveBalance, { organizationId, amount: 10, reference, pricing: PROMO_PRICING });
    const at = new Date().toISOString();
    const item = (messageId: string, extra: Partial<MessageStatusPayload>): MessageStatusPayload => ({ messageId, organizationId, status: 'sent', origin: 'api', at, ...extra });
    const items = [
      ...messages.slice(0, 5).map((messageId) => item(messageId, { status: 'sent', route: 'device', deviceId })),
      ...messages.slice(5, 8).map((messageId) => item(messageId, { status: 'failed' })),
      item(messages[8], { status: 'delivered', route: 'device', deviceId, deviceOwnerId: ownerId }),
      // Out of order for the last message: its failure first, then a late `sent`.
      item(messages[9], { status: 'failed' }),
      item(messages[9], { status: 'sent', route: 'provider' }),
      // A repeat inside the batch.
      item(messages[8], { status: 'delivered', route: 'device', deviceId, deviceOwnerId: ownerId }),
    ];
    await Promise.all([items, items, [...items].reverse(), items].map((batch) => billing.client.publish(MessageStatusBatch, { items: batch })));
    await until(async () => !(await statuses(organizationId)).open, { what: 'the batch to be settled' });
    await platform.drained();

    // Device promotional price: 2 a segment, 2 segments. The reversed copy may have released message 9 (sent, then failed) first: either way once.
    const rows = await billing.db.query<{ reference: string; status: string; captured_amount: string }>(
      `SELECT reference, status, captured_amount FROM reservations WHERE organization_id = $1`,
      [organizationId],
    );
    const byReference = new Map(rows.map((row) => [row.reference, row]));
    for (const messageId of [...messages.slice(0, 5), messages[8]]) expect(byReference.get(messageId)).toMatchObject({ status: 'captured', captured_amount: '4' });
    for (const messageId of messages.slice(5, 8)) expect(byReference.get(messageId)).toMatchObject({ status: 'released', captured_amount: '0' });
    const last = byReference.get(messages[9])!;
    expect([{ status: 'released', captured_amount: '0' }, { status: 'captured', captured_amount: '10' }]).toContainEqual({ status: last.status, captured_amount: last.captured_amount });
    const spent = 24 + Number(last.captured_amount);
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 100 - spent, reserved: 0 });
    const [{ charged }] = await billing.db.query<{ charged: string }>(
      `SELECT coalesce(-sum(e.amount), 0) AS charged FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
       JOIN accounts a ON a.id = e.account_id AND a.kind = 'customer_wallet' WHERE t.kind = 'capture' AND t.organization_id = $1`,
      [organizationId],
    );
    expect(Number(charged)).toBe(spent);
    // The phone's word only claims a reward: pending until a canary proves the phone, then paid once.
    expect(await billing.call(ListRewards, { ownerId })).toMatchObject({ balance: 0, pendingTokens: 1 });
    await billing.client.publish(DeviceCanaryPassed, { canaryId: uuidv7(), deviceId, ownerId, provenAt: new Date().toISOString() });
    await eventually(async () => expect(await billing.call(GetRewardSummary, { ownerId })).toEqual({ balance: 1, byDevice: [{ deviceId, earned: 1, rewardedMessages: 1 }] }));
  });

  it('is not sent the reports that follow an announced sent (message.reports)', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const [reported, settled] = [uuidv7(), uuidv7()];
    for (const reference of [reported, settled]) await billing.call(ReserveBalance, { organizationId, amount: 10, reference });
    const at = new Date().toISOString();
    const step = (messageId: string, status: MessageStatusPayload['status']): MessageStatusPayload => ({ messageId, organizationId, status, origin: 'api', route: 'provider', at });
    // Were billing bound to reports, the first would be on its queue before the second and settled by the time the queues are empty.
    await billing.client.publish(MessageReportsAnnounced, { items: [step(reported, 'delivered')] });
    await billing.client.publish(MessageStatusBatch, { items: [step(settled, 'sent')] });
    await until(async () => (await statuses(organizationId)).captured === 1, { what: 'the outcome to be settled' });
    await platform.drained();

    expect(await statuses(organizationId)).toEqual({ captured: 1, open: 1 });
    const [open] = await billing.db.query<{ reference: string }>(`SELECT reference FROM reservations WHERE organization_id = $1 AND status = 'open'`, [organizationId]);
    expect(open.reference).toBe(reported);
  });
});
