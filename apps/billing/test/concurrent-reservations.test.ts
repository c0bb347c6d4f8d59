import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { AdjustCredits, CaptureReservation, GetBalance } from '@zagel/contracts';
import { BusProbe, ServiceDatabase, TestPlatform, typescriptChildArgs } from '@zagel/testing';

const PRICE = 6;
const FUNDED_MESSAGES = 100;
const CLIENTS = 3;
const RESERVES_PER_CLIENT = 100;

interface Tally {
  reserved: number;
  insufficient: number;
  failed: string[];
}

function runClient(env: Record<string, string>, name: string, organizationId: string): Promise<Tally> {
  const child = spawn(
    process.execPath,
    typescriptChildArgs(join(__dirname, 'fixtures', 'reserve-client.ts'), name, organizationId, String(RESERVES_PER_CLIENT), String(PRICE)),
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim()) as Tally) : reject(new Error(`${name} exited ${code}: ${stderr}`))));
  });
}

describe('one wallet, many processes reserving at once', () => {
  // Two billing instances compete for the same wallet rows.
  const platform = new TestPlatform({ services: ['billing'], replicas: { billing: 2 } });
  const clientNames = Array.from({ length: CLIENTS }, (_, index) => `billing-load-${index + 1}`);
  let bus: BusProbe;
  let db: ServiceDatabase;

  beforeAll(async () => {
    await platform.start();
    bus = await platform.probe({ service: 'billing-load-funder' });
    db = platform.db('billing');
  }, 120_000);

  afterAll(() => platform.stop(), 60_000);

  it('lets exactly the funded number through, never below zero, every transaction balanced', async () => {
    const organizationId = uuidv7();
    await bus.rpc.call(AdjustCredits, 'billing', { organizationId, operatorId: uuidv7(), amount: PRICE * FUNDED_MESSAGES, reason: 'load test' });

    const tallies = await Promise.all(clientNames.map((name) => runClient(platform.namespace.env, name, organizationId)));

    expect(tallies.flatMap((tally) => tally.failed)).toEqual([]);
    expect(tallies.reduce((sum, tally) => sum + tally.reserved, 0)).toBe(FUNDED_MESSAGES);
    expect(tallies.reduce((sum, tally) => sum + tally.insufficient, 0)).toBe(CLIENTS * RESERVES_PER_CLIENT - FUNDED_MESSAGES);
    expect(await bus.rpc.call(GetBalance, 'billing', { organizationId })).toEqual({
      available: 0,
      reserved: PRICE * FUNDED_MESSAGES,
      balance: PRICE * FUNDED_MESSAGES,
      currency: 'USD',
    });

    // Capture them all: the money moves to revenue and the wallet ends at exactly zero.
    const open = await db.query<{ reference: string }>(`SELECT reference FROM reservations WHERE organization_id = $1`, [organizationId]);
    expect(open).toHaveLength(FUNDED_MESSAGES);
    await Promise.all(open.map(({ reference }) => bus.rpc.call(CaptureReservation, 'billing', { organizationId, reference })));
    expect(await bus.rpc.call(GetBalance, 'billing', { organizationId })).toEqual({ available: 0, reserved: 0, balance: 0, currency: 'USD' });

    const unbalanced = await db.query(
      `SELECT e.transaction_id FROM ledger_entries e JOIN accounts a ON a.id = e.account_id GROUP BY e.transaction_id, a.unit HAVING sum(e.amount) <> 0`,
    );
    expect(unbalanced).toEqual([]);
    const negative = await db.query(`SELECT id FROM ledger_entries e WHERE balance_after < 0 AND account_id IN (SELECT id FROM accounts WHERE kind = 'customer_wallet')`);
    expect(negative).toEqual([]);
    const drift = await db.query(
      `SELECT a.id FROM accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id WHERE a.kind = 'customer_wallet'
       GROUP BY a.id, a.balance HAVING a.balance <> coalesce(sum(e.amount), 0)`,
    );
    expect(drift).toEqual([]);
    // Nothing created or lost: the money funded is exactly what revenue earned, and all accounts sum to zero.
    const balances = await db.query<{ kind: string; balance: string }>(
      `SELECT kind, sum(balance) AS balance FROM account_balances WHERE unit = 'USD' GROUP BY kind ORDER BY kind`,
    );
    expect(Object.fromEntries(balances.map((row) => [row.kind, Number(row.balance)]))).toEqual({
      adjustments: -PRICE * FUNDED_MESSAGES,
      customer_wallet: 0,
      platform_revenue: PRICE * FUNDED_MESSAGES,
      stripe_clearing: 0,
    });
  }, 240_000); // three child processes compile their TypeScript first: minutes on a loaded 2-core machine
});
