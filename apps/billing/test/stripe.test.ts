import Stripe from 'stripe';
import { v7 as uuidv7 } from 'uuid';
import { AdjustCredits, BillingErrorCode, CreateCheckout, GetBalance, HandleStripeWebhook, ListLedger } from '@zagel/contracts';
import { RpcRemoteError } from '@zagel/messaging';
import { BillingDesk, TestPlatform } from '@zagel/testing';

const WEBHOOK_SECRET = 'whsec_test_billing_secret';

function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_${uuidv7().replace(/-/g, '')}`): string {
  return JSON.stringify({ id, object: 'event', type, api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), data: { object } });
}

function signed(payload: string, secret = WEBHOOK_SECRET): { payloadBase64: string; signature: string } {
  return { payloadBase64: Buffer.from(payload).toString('base64'), signature: Stripe.webhooks.generateTestHeaderString({ payload, secret }) };
}

function paidSession(organizationId: string, amount: number, extra: Record<string, unknown> = {}) {
  return {
    id: `cs_test_${uuidv7().replace(/-/g, '')}`,
    object: 'checkout.session',
    payment_status: 'paid',
    amount_total: amount,
    currency: 'usd',
    metadata: { organizationId },
    payment_intent: `pi_${uuidv7().replace(/-/g, '')}`,
    ...extra,
  };
}

async function remoteError(promise: Promise<unknown>): Promise<RpcRemoteError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RpcRemoteError);
  return error as RpcRemoteError;
}

describe('Stripe top-ups', () => {
  const platform = new TestPlatform({ services: ['billing'], stripe: true, settings: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, BILLING_CHECKOUT_MIN_AMOUNT: '100' } });
  const stripe = platform.stripe!;
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

  it('creates a Checkout Session through the SDK with the amount, currency and organization', async () => {
    const organizationId = uuidv7();
    const userId = uuidv7();
    const session = await billing.call(CreateCheckout, { organizationId, userId, amount: 2_500 });
    expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/c\/pay\/cs_test_/);
    expect(session).toMatchObject({ amount: 2_500, currency: 'USD' });
    const request = stripe.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions', authorization: `Bearer ${stripe.env.STRIPE_SECRET_KEY}` });
    expect(request.form).toMatchObject({
      mode: 'payment',
      'line_items[0][price_data][unit_amount]': '2500',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][quantity]': '1',
      'metadata[organizationId]': organizationId,
      'payment_intent_data[metadata][organizationId]': organizationId,
    });
    const [recorded] = await billing.db.query(`SELECT organization_id, amount, status FROM checkout_sessions WHERE id = $1`, [session.sessionId]);
    expect(recorded).toEqual({ organization_id: organizationId, amount: '2500', status: 'open' });
  });

  it('refuses amounts outside the configured range', async () => {
    const error = await remoteError(billing.call(CreateCheckout, { organizationId: uuidv7(), userId: uuidv7(), amount: 99 }));
    expect(error.code).toBe(BillingErrorCode.AmountOutOfRange);
  });

  it('credits a paid session once; a replayed event changes nothing', async () => {
    const organizationId = uuidv7();
    const delivery = signed(stripeEvent('checkout.session.completed', paidSession(organizationId, 1_000)));
    expect(await billing.call(HandleStripeWebhook, delivery)).toMatchObject({ outcome: 'credited' });
    expect(await billing.call(HandleStripeWebhook, delivery)).toMatchObject({ outcome: 'duplicate' });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 1_000, available: 1_000 });
    const ledger = await billing.call(ListLedger, { organizationId });
    expect(ledger.items).toHaveLength(1);
    expect(ledger.items[0]).toMatchObject({ kind: 'stripe_top_up', amount: 1_000, balanceAfter: 1_000 });
  });

  it('credits a session once even when completed and async_payment_succeeded both say paid', async () => {
    const organizationId = uuidv7();
    const session = paidSession(organizationId, 700);
    await billing.call(HandleStripeWebhook, signed(stripeEvent('checkout.session.completed', session)));
    expect(await billing.call(HandleStripeWebhook, signed(stripeEvent('checkout.session.async_payment_succeeded', session)))).toMatchObject({
      outcome: 'duplicate',
    });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 700 });
  });

  it('does not credit an unpaid completion, but does when the async payment succeeds', async () => {
    const organizationId = uuidv7();
    const session = paidSession(organizationId, 400, { payment_status: 'unpaid' });
    expect(await billing.call(HandleStripeWebhook, signed(stripeEvent('checkout.session.completed', session)))).toMatchObject({ outcome: 'ignored' });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 0 });
    await billing.call(HandleStripeWebhook, signed(stripeEvent('checkout.session.async_payment_succeeded', { ...session, payment_status: 'paid' })));
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 400 });
  });

  it('rejects a bad signature and changes nothing', async () => {
    const organizationId = uuidv7();
    const payload = stripeEvent('checkout.session.completed', paidSession(organizationId, 1_000));
    const forged = signed(payload, 'whsec_someone_else');
    expect((await remoteError(billing.call(HandleStripeWebhook, forged))).code).toBe(BillingErrorCode.InvalidStripeSignature);
    const tampered = { ...signed(payload), payloadBase64: Buffer.from(payload.replace('1000', '9000')).toString('base64') };
    expect((await remoteError(billing.call(HandleStripeWebhook, tampered))).code).toBe(BillingErrorCode.InvalidStripeSignature);
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 0 });
  });

  it('acknowledges and ignores event types it does not handle', async () => {
    expect(await billing.call(HandleStripeWebhook, signed(stripeEvent('customer.created', { id: 'cus_1', object: 'customer' })))).toMatchObject({
      outcome: 'ignored',
      type: 'customer.created',
    });
  });

  it('debits the newly refunded amount of a charge, never below zero', async () => {
    const organizationId = uuidv7();
    const session = paidSession(organizationId, 1_000);
    await billing.call(HandleStripeWebhook, signed(stripeEvent('checkout.session.completed', session)));
    const charge = { id: 'ch_' + uuidv7().replace(/-/g, ''), object: 'charge', currency: 'usd', amount: 1_000, payment_intent: session.payment_intent, metadata: {} };
    expect(await billing.call(HandleStripeWebhook, signed(stripeEvent('charge.refunded', { ...charge, amount_refunded: 300 })))).toMatchObject({ outcome: 'debited' });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 700 });
    // The cumulative refund grows to 500: only the 200 delta is taken; a replay of it is a duplicate.
    const second = signed(stripeEvent('charge.refunded', { ...charge, amount_refunded: 500 }));
    await billing.call(HandleStripeWebhook, second);
    expect(await billing.call(HandleStripeWebhook, second)).toMatchObject({ outcome: 'duplicate' });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 500 });
    const ledger = await billing.call(ListLedger, { organizationId, kind: 'stripe_refund' });
    expect(ledger.items.map((item) => item.amount)).toEqual([-200, -300]);
    // Spent money cannot come back: a full refund takes what is available and records the rest.
    await billing.call(AdjustCredits, { organizationId, operatorId: billing.operatorId, amount: -450, reason: 'spent' });
    await billing.call(HandleStripeWebhook, signed(stripeEvent('charge.refunded', { ...charge, amount_refunded: 1_000 })));
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 0, available: 0 });
    const [refund] = await billing.db.query(`SELECT refunded_total, unrecovered FROM stripe_refunds WHERE charge_id = $1`, [charge.id]);
    expect(refund).toEqual({ refunded_total: '1000', unrecovered: '450' });
  });
});

describe('Stripe not configured', () => {
  const platform = new TestPlatform({ services: ['billing'] });
  let billing: BillingDesk;

  beforeAll(async () => {
    await platform.start();
    billing = await BillingDesk.open(platform);
  }, 120_000);
  afterAll(() => platform.stop(), 60_000);

  it('checkout answers billing_not_configured and the rest of billing works', async () => {
    const error = await remoteError(billing.call(CreateCheckout, { organizationId: uuidv7(), userId: uuidv7(), amount: 1_000 }));
    expect(error.code).toBe(BillingErrorCode.NotConfigured);
    const organizationId = await billing.fundedOrganization(50);
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 50 });
  });
});
