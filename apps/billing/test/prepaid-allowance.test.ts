import { v7 as uuidv7 } from 'uuid';
import { allowanceKeys, PrepaidAllowance, TAKE_ALLOWANCE } from '@zagel/billing-client';
import { CloseAllowance, GetBalance, GrantAllowance } from '@zagel/contracts';
import { BusClient } from '@zagel/messaging';
import { createRedisClient, RedisClient, RedisKeys } from '@zagel/redis';
import { BillingDesk, TestPlatform, until } from '@zagel/testing';

const SPENDERS = 4;

describe('prepaid allowance: spent in Redis, held and settled in the ledger', () => {
  const platform = new TestPlatform({
    services: ['billing'],
    settings: { BILLING_ALLOWANCE_BLOCK: '100', BILLING_ALLOWANCE_SETTLE_INTERVAL_MS: '100', BILLING_LOW_BALANCE_THRESHOLD: '0' },
  });
  let billing: BillingDesk;
  let keys: RedisKeys;
  const spenders: RedisClient[] = [];

  beforeAll(async () => {
    await platform.start();
    billing = await BillingDesk.open(platform);
    keys = new RedisKeys(platform.namespace.namespace);
    for (let index = 0; index < SPENDERS; index++) spenders.push(await createRedisClient({ config: platform.namespace.settings, name: `spender-${index}` }));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(spenders.map((client) => client.close()));
    await platform.stop();
  }, 60_000);
  afterEach(async () => {
    expect(await billing.unbalancedTransactions()).toEqual([]);
    expect(await billing.driftedAccounts()).toEqual([]);
  });

  function allowanceOn(redis: RedisClient, options: { lowWater?: number } = {}): PrepaidAllowance {
    return new PrepaidAllowance({ redis, keys, rpc: new BusClient(billing.client.bus, 'billing'), lowWater: options.lowWater ?? 0 });
  }

  async function allowances(organizationId: string): Promise<{ granted: number; captured: number; returned: number; status: string }[]> {
    const rows = await billing.db.query<{ granted: string; captured: string; returned: string; status: string }>(
      `SELECT granted, captured, returned, status FROM allowances WHERE organization_id = $1 ORDER BY seq`,
      [organizationId],
    );
    return rows.map((row) => ({ granted: Number(row.granted), captured: Number(row.captured), returned: Number(row.returned), status: row.status }));
  }

  it('never lets concurrent spenders spend more than was granted; closing captures the spent and returns the rest', async () => {
    const organizationId = await billing.fundedOrganization(1_000);
    const grant = await billing.call(GrantAllowance, { organizationId, amount: 100 });
    expect(grant).toMatchObject({ organizationId, granted: 100, credited: true, currency: 'USD' });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 1_000, reserved: 100, available: 900 });
    // As if a refill were in flight: no spender asks for one, so only the granted block is spendable.
    await spenders[0].set(allowanceKeys(keys, organizationId).refill, '1', { PX: 60_000 });

    const outcomes = await Promise.all(
      spenders.flatMap((redis) => {
        const allowance = allowanceOn(redis);
        return Array.from({ length: 30 }, () => allowance.spend(organizationId, 3));
      }),
    );
    expect(outcomes.filter((outcome) => outcome.spent)).toHaveLength(33);
    expect(Math.min(...outcomes.map((outcome) => outcome.left))).toBe(1);
    expect(outcomes.some((outcome) => outcome.refill)).toBe(false);

    expect(await billing.call(CloseAllowance, { organizationId })).toEqual({ organizationId, allowanceId: grant.allowanceId, captured: 99, returned: 1 });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 901, reserved: 0, available: 901 });
    expect(await allowances(organizationId)).toEqual([{ granted: 100, captured: 99, returned: 1, status: 'closed' }]);
    // The pool is gone: nothing more can be spent from a closed allowance.
    await expect(allowanceOn(spenders[0]).spend(organizationId, 1)).resolves.toMatchObject({ spent: false, left: 0 });
  });

  it('refills off the hot path when low, and settles what was spent into captures while the allowance stays open', async () => {
    const organizationId = await billing.fundedOrganization(1_000);
    const allowance = allowanceOn(spenders[1], { lowWater: 30 });
    // Nothing granted yet: the first spend is refused and asks for a refill.
    await expect(allowance.spend(organizationId, 6)).resolves.toEqual({ spent: false, left: 0, refill: true });
    let spent = 0;
    while (spent < 50) {
      const outcome = await allowance.spend(organizationId, 6);
      if (outcome.spent) spent += 1;
      else await until(async () => Number(await spenders[1].hGet(allowanceKeys(keys, organizationId).pool, 'left')) >= 6, { what: 'a refill' });
    }
    await until(async () => (await allowances(organizationId))[0]?.captured === 300, { what: 'the spends to be settled' });
    const [open] = await allowances(organizationId);
    expect(open).toMatchObject({ status: 'open', captured: 300 });
    expect(open.granted).toBeGreaterThanOrEqual(300);
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 700, reserved: open.granted - 300 });

    const closed = await billing.call(CloseAllowance, { organizationId });
    expect(closed).toMatchObject({ captured: 300, returned: open.granted - 300 });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 700, reserved: 0, available: 700 });
    const captures = await billing.db.query<{ total: string }>(
      `SELECT sum(-e.amount) AS total FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
       JOIN accounts a ON a.id = e.account_id AND a.kind = 'customer_wallet'
       WHERE t.kind = 'capture' AND t.organization_id = $1`,
      [organizationId],
    );
    expect(Number(captures[0].total)).toBe(300);
  });

  it('gives back a spend whose send did not happen, and settles the give-back even after the spend was captured', async () => {
    const organizationId = await billing.fundedOrganization(1_000);
    await billing.call(GrantAllowance, { organizationId, amount: 100 });
    const allowance = allowanceOn(spenders[2]);
    const { allowanceId } = await allowance.spend(organizationId, 10);
    await until(async () => (await allowances(organizationId))[0].captured === 10, { what: 'the spend to be settled' });
    // Only to the allowance it was spent from.
    await expect(allowance.giveBack(organizationId, 10, uuidv7())).resolves.toBe(false);
    await expect(allowance.giveBack(organizationId, 10, allowanceId!)).resolves.toBe(true);
    await until(async () => (await allowances(organizationId))[0].captured === 0, { what: 'the give-back to be settled' });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 1_000, reserved: 100 });
    expect(await billing.call(CloseAllowance, { organizationId })).toMatchObject({ captured: 0, returned: 100 });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 1_000, reserved: 0 });
    // Closed: nothing can be given back to it any more (what it captured is final).
    await expect(allowance.giveBack(organizationId, 10, allowanceId!)).resolves.toBe(false);
  });

  it('applies a settlement taken by a settler that crashed, exactly once, after billing restarts', async () => {
    const organizationId = await billing.fundedOrganization(1_000);
    const grant = await billing.call(GrantAllowance, { organizationId, amount: 100 });
    const [{ seq }] = await billing.db.query<{ seq: string }>(`SELECT seq FROM allowances WHERE id = $1`, [grant.allowanceId]);
    const redisKeys = allowanceKeys(keys, organizationId);
    await platform.instance('billing').kill();

    // Spending goes on without billing; then a settler takes what was spent and dies before applying it.
    const allowance = allowanceOn(spenders[3]);
    for (let index = 0; index < 5; index++) expect((await allowance.spend(organizationId, 6)).spent).toBe(true);
    const crashed = uuidv7();
    await TAKE_ALLOWANCE.run(spenders[3], { keys: [redisKeys.pool, redisKeys.settling, redisKeys.closed], args: [grant.allowanceId, seq, crashed, 0] });
    for (let index = 0; index < 2; index++) expect((await allowance.spend(organizationId, 6)).spent).toBe(true);

    await platform.instance('billing').start();
    await until(async () => (await allowances(organizationId))[0].captured === 42, { what: 'both settlements to be applied' });
    expect(await spenders[3].exists(redisKeys.settling)).toBe(0);
    const settlements = await billing.db.query<{ id: string; spent: string }>(`SELECT id, spent FROM allowance_settlements WHERE allowance_id = $1 AND spent <> 0 ORDER BY id`, [
      grant.allowanceId,
    ]);
    expect(settlements[0]).toEqual({ id: crashed, spent: '30' });
    expect(settlements.map((settlement) => Number(settlement.spent))).toEqual([30, 12]);
    const [{ count }] = await billing.db.query<{ count: string }>(`SELECT count(*) AS count FROM ledger_transactions WHERE kind = 'capture' AND reference = $1`, [crashed]);
    expect(count).toBe('1');
    expect(await billing.call(CloseAllowance, { organizationId })).toMatchObject({ captured: 42, returned: 58 });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 958, reserved: 0 });
  });
});
