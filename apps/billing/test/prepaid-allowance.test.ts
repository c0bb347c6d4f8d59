import { v7 as uuidv7 } from 'uuid';
import { allowanceKeys, allowanceSpendKey, PrepaidAllowance, TAKE_ALLOWANCE } from '@zagel/billing-client';
import { AdjustCredits, CloseAllowance, GetBalance, GrantAllowance, MessagePricing, ReserveBalance, ReserveMany, MessageStatus, MessageStatusChanged, MessageStatusPayload, OtpVerified } from '@zagel/contracts';
import { BusClient } from '@zagel/messaging';
import { createRedisClient, RedisClient, RedisKeys } from '@zagel/redis';
import { BillingDesk, TestPlatform, until } from '@zagel/testing';

const SPENDERS = 4;
const OTP_PRICING: MessagePricing = { country: 'EG', messageType: 'otp', segments: 1 };

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
    expect(await billing.call(GetBalance, { organizationId })).toEqual({ balance: 1_000, reserved: 0, allowance: 100, available: 1_000, currency: 'USD' });
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

  it('takes nothing, without an error, from an open allowance nothing was spent from since the last settlement', async () => {
    const organizationId = uuidv7();
    const allowanceKeysOf = allowanceKeys(keys, organizationId);
    await spenders[0].hSet(allowanceKeysOf.pool, { allowance: 'a-idle', left: '94', spent: '0' });
    const take = () => TAKE_ALLOWANCE.run(spenders[0], { keys: [allowanceKeysOf.pool, allowanceKeysOf.settling, allowanceKeysOf.closed], args: ['a-idle', 1, uuidv7(), 0] });
    await expect(take()).resolves.toEqual([]);
    expect(await spenders[0].hGetAll(allowanceKeysOf.pool)).toEqual({ allowance: 'a-idle', left: '94', spent: '0' });
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
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 700, reserved: 0, allowance: open.granted - 300 });

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
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 1_000, reserved: 0, allowance: 100 });
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

  it('counts the unspent allowance as available: a reservation that does not fit beside it closes the allowance and takes it', async () => {
    const organizationId = await billing.fundedOrganization(100);
    await billing.call(GrantAllowance, { organizationId, amount: 100 });
    expect((await allowanceOn(spenders[3]).spend(organizationId, 10)).spent).toBe(true);
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: expect.any(Number), reserved: 10, allowance: 90, available: 90 });

    await expect(billing.call(ReserveBalance, { organizationId, amount: 50, reference: uuidv7() })).resolves.toMatchObject({ amount: 50, status: 'open' });
    expect(await allowances(organizationId)).toEqual([{ granted: 100, captured: 10, returned: 90, status: 'closed' }]);
    expect(await billing.call(GetBalance, { organizationId })).toEqual({ balance: 90, reserved: 50, available: 40, currency: 'USD' });

    await billing.call(GrantAllowance, { organizationId, amount: 40 });
    const batch = await billing.call(ReserveMany, { organizationId, items: [{ reference: uuidv7(), amount: 30 }, { reference: uuidv7(), amount: 10 }] });
    expect(batch).toMatchObject({ insufficient: [], available: 0 });
    expect(batch.reserved).toBe(2);
    expect(await billing.call(GetBalance, { organizationId })).toEqual({ balance: 90, reserved: 90, available: 0, currency: 'USD' });
  });

  it("lets an operator debit what the balance shows available: a debit that does not fit beside the allowance closes it", async () => {
    const organizationId = await billing.fundedOrganization(100);
    await billing.call(GrantAllowance, { organizationId, amount: 100 });
    expect((await allowanceOn(spenders[3]).spend(organizationId, 10)).spent).toBe(true);
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ reserved: 10, allowance: 90, available: 90 });
    const debit = (amount: number) => billing.call(AdjustCredits, { organizationId, operatorId: uuidv7(), amount, reason: 'chargeback' });

    // More than it shows available is refused, and the allowance stays open.
    await expect(debit(-91)).rejects.toMatchObject({ code: 'insufficient_funds' });
    expect(await allowances(organizationId)).toMatchObject([{ granted: 100, returned: 0, status: 'open' }]);
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ reserved: 10, allowance: 90, available: 90 });

    await expect(debit(-90)).resolves.toMatchObject({ amount: -90, balance: { balance: 0, reserved: 0, available: 0 } });
    expect(await allowances(organizationId)).toEqual([{ granted: 100, captured: 10, returned: 90, status: 'closed' }]);
  });

  describe('a code paid from the allowance is charged by its fate, like a reserved one', () => {
    function spendFor(allowance: PrepaidAllowance, organizationId: string, messageId: string, amount = 6, pricing = OTP_PRICING) {
      return allowance.spend(organizationId, amount, { messageId, pricing, recordTtlMs: 600_000 });
    }

    function status(organizationId: string, messageId: string, value: MessageStatus, extra: Partial<MessageStatusPayload> = {}, eventId = uuidv7()) {
      const payload: MessageStatusPayload = { messageId, organizationId, status: value, origin: 'otp', at: new Date().toISOString(), ...extra };
      return billing.client.publish(MessageStatusChanged, payload, { messageId: eventId });
    }

    async function charges(organizationId: string): Promise<Record<string, { held: number; charged: number; outcome: string; route: string | null }>> {
      const rows = await billing.db.query<{ message_id: string; held: string; charged: string; outcome: string; route: string | null }>(
        `SELECT message_id, held, charged, outcome, route FROM allowance_charges WHERE organization_id = $1`,
        [organizationId],
      );
      return Object.fromEntries(rows.map((row) => [row.message_id, { held: Number(row.held), charged: Number(row.charged), outcome: row.outcome, route: row.route }]));
    }

    async function walletTotal(organizationId: string): Promise<number> {
      const [{ total }] = await billing.db.query<{ total: string | null }>(
        `SELECT sum(e.amount) AS total FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
         JOIN accounts a ON a.id = e.account_id AND a.kind = 'customer_wallet' AND a.owner_id = $1
         WHERE t.kind = 'capture'`,
        [organizationId],
      );
      return Number(total ?? 0);
    }

    it("charges the device route's price or the provider's, at most what was spent, and returns the rest to the wallet", async () => {
      const organizationId = await billing.fundedOrganization(1_000);
      const { allowanceId } = await billing.call(GrantAllowance, { organizationId, amount: 100 });
      const allowance = allowanceOn(spenders[0]);
      const [device, provider, twoSegments, staleQuote, verified] = Array.from({ length: 5 }, () => uuidv7());
      for (const [messageId, amount, pricing] of [
        [device, 6, OTP_PRICING],
        [provider, 6, OTP_PRICING],
        [twoSegments, 12, { ...OTP_PRICING, segments: 2 }],
        [staleQuote, 4, OTP_PRICING],
        [verified, 6, OTP_PRICING],
      ] as const) {
        expect(await spendFor(allowance, organizationId, messageId, amount, pricing)).toMatchObject({ spent: true, allowanceId });
      }
      // Spent, the 34 are no longer available (sends pending until the allowance's settlement captures them).
      expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ allowance: 66, available: 966 });

      await status(organizationId, device, 'sent', { route: 'device' });
      await status(organizationId, provider, 'delivered', { route: 'provider', provider: 'twilio' });
      await status(organizationId, twoSegments, 'sent', { route: 'device' });
      await status(organizationId, staleQuote, 'sent', { route: 'provider' });
      const owner = uuidv7();
      await billing.client.publish(OtpVerified, {
        verificationId: uuidv7(),
        organizationId,
        messageId: verified,
        to: '+201001234567',
        deviceId: uuidv7(),
        deviceOwnerId: owner,
        verifiedAt: new Date().toISOString(),
      });
      await until(async () => Object.keys(await charges(organizationId)).length === 5, { what: 'the five codes to be charged' });
      expect(await charges(organizationId)).toEqual({
        [device]: { held: 6, charged: 3, outcome: 'captured', route: 'device' },
        [provider]: { held: 6, charged: 6, outcome: 'captured', route: 'provider' },
        [twoSegments]: { held: 12, charged: 6, outcome: 'captured', route: 'device' },
        [staleQuote]: { held: 4, charged: 4, outcome: 'captured', route: 'provider' },
        [verified]: { held: 6, charged: 3, outcome: 'captured', route: 'device' },
      });

      await until(async () => (await allowances(organizationId))[0].captured === 34, { what: 'the spends to be settled' });
      // 34 spent, 12 of it back: the wallet paid 3 + 6 + 6 + 4 + 3; the unspent 66 is available, set aside as the allowance.
      expect(await billing.call(GetBalance, { organizationId })).toEqual({ balance: 978, reserved: 0, allowance: 66, available: 978, currency: 'USD' });
      expect(await billing.call(CloseAllowance, { organizationId })).toMatchObject({ captured: 34, returned: 66 });
      expect(await billing.call(GetBalance, { organizationId })).toEqual({ balance: 978, reserved: 0, available: 978, currency: 'USD' });
      expect(await walletTotal(organizationId)).toBe(-22);
    });

    it('charges a code once, however often and in whatever order its statuses come, and after its allowance closed', async () => {
      const organizationId = await billing.fundedOrganization(1_000);
      await billing.call(GrantAllowance, { organizationId, amount: 100 });
      const allowance = allowanceOn(spenders[1]);
      const [redelivered, raced, afterClose] = Array.from({ length: 3 }, () => uuidv7());
      for (const messageId of [redelivered, raced, afterClose]) expect((await spendFor(allowance, organizationId, messageId)).spent).toBe(true);

      const eventId = uuidv7();
      await status(organizationId, redelivered, 'sent', { route: 'device' }, eventId);
      await status(organizationId, redelivered, 'sent', { route: 'device' }, eventId);
      await status(organizationId, redelivered, 'failed');
      await status(organizationId, redelivered, 'delivered', { route: 'provider' });
      // Two fates at once: whichever settles first decides.
      await Promise.all([status(organizationId, raced, 'failed'), status(organizationId, raced, 'sent', { route: 'device' })]);
      await until(async () => Object.keys(await charges(organizationId)).length === 2, { what: 'two codes to be charged' });
      await platform.drained();
      const charged = await charges(organizationId);
      expect(charged[redelivered]).toEqual({ held: 6, charged: 3, outcome: 'captured', route: 'device' });
      expect([0, 3]).toContain(charged[raced].charged);

      // The allowance closes (the spend is captured whole), then the code's fate arrives: its rest still goes back.
      expect(await billing.call(CloseAllowance, { organizationId })).toMatchObject({ captured: 18, returned: 82 });
      await status(organizationId, afterClose, 'sent', { route: 'device' });
      await until(async () => (await charges(organizationId))[afterClose] !== undefined, { what: 'the late code to be charged' });
      await status(organizationId, afterClose, 'sent', { route: 'device' });
      await platform.drained();
      const paid = 3 + charged[raced].charged + 3;
      expect(await billing.call(GetBalance, { organizationId })).toEqual({ balance: 1_000 - paid, reserved: 0, available: 1_000 - paid, currency: 'USD' });
      expect(await walletTotal(organizationId)).toBe(-paid);
    });

    it("returns a failed code's whole price, and a sender's give-back and billing settle a code once between them", async () => {
      const organizationId = await billing.fundedOrganization(1_000);
      await billing.call(GrantAllowance, { organizationId, amount: 100 });
      const allowance = allowanceOn(spenders[2]);
      const [failed, givenBack, claimed] = Array.from({ length: 3 }, () => uuidv7());
      const spends = new Map<string, string>();
      for (const messageId of [failed, givenBack, claimed]) spends.set(messageId, (await spendFor(allowance, organizationId, messageId)).allowanceId!);

      await status(organizationId, failed, 'failed', { errorCode: 'all_providers_failed' });
      // The sender's own work failed before the code went out: the price goes back to the allowance, and a later status changes nothing.
      await expect(allowance.giveBack(organizationId, 6, spends.get(givenBack)!, givenBack)).resolves.toBe(true);
      await status(organizationId, givenBack, 'failed');
      await status(organizationId, claimed, 'expired');
      await until(async () => Object.keys(await charges(organizationId)).length === 2, { what: 'two codes to be settled' });
      // Billing settled it first: the sender's give-back changes nothing.
      await expect(allowance.giveBack(organizationId, 6, spends.get(claimed)!, claimed)).resolves.toBe(false);
      await platform.drained();
      expect(await charges(organizationId)).toEqual({
        [failed]: { held: 6, charged: 0, outcome: 'released', route: null },
        [claimed]: { held: 6, charged: 0, outcome: 'released', route: null },
      });
      expect(await billing.call(CloseAllowance, { organizationId })).toMatchObject({ captured: 12, returned: 88 });
      expect(await billing.call(GetBalance, { organizationId })).toEqual({ balance: 1_000, reserved: 0, available: 1_000, currency: 'USD' });
      expect(await walletTotal(organizationId)).toBe(0);
      // Settled for good: the spend records are gone.
      expect(await spenders[2].exists([failed, claimed].map((messageId) => allowanceSpendKey(keys, organizationId, messageId)))).toBe(0);
    });
  });
});
