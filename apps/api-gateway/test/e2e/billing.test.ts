import Stripe from 'stripe';
import { randomUUID } from 'node:crypto';
import { ApiKeyScope } from '@zagel/contracts';
import { PublicApiClient } from '@zagel/sdk';
import { expectProblem, TestCustomerAccount, TestPlatform } from '@zagel/testing';

const WEBHOOK_SECRET = 'whsec_e2e_billing';
const platform = new TestPlatform({
  services: ['api-gateway', 'auth', 'billing'],
  stripe: true,
  settings: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, BILLING_CHECKOUT_MIN_AMOUNT: '100' },
});
let admin: PublicApiClient;

beforeAll(async () => {
  await platform.start();
  admin = await platform.asOperator();
}, 120_000);

afterAll(() => platform.stop(), 30_000);

async function createApiKey(owner: TestCustomerAccount, scopes: ApiKeyScope[]) {
  const { key } = (await owner.api.post('/v1/api-keys', { name: 'billing key', scopes })).expectStatus(201);
  return platform.api.as({ apiKey: key });
}

function webhook(type: string, object: Record<string, unknown>, id = `evt_${randomUUID().replace(/-/g, '')}`) {
  const payload = JSON.stringify({ id, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } });
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) };
}

function deliver(delivery: { payload: string; signature?: string }) {
  return platform.api.request('POST', '/v1/webhooks/stripe', {
    rawBody: delivery.payload,
    headers: delivery.signature ? { 'stripe-signature': delivery.signature } : {},
  });
}

async function credit(customer: TestCustomerAccount, amount: number) {
  const response = await admin.post(`/v1/admin/organizations/${customer.organizationId}/credits`, { amount, reason: 'e2e funding' });
  expect(response.status).toBe(201);
  return response;
}

describe('billing over HTTP', () => {
  it('shows balance and ledger to the organization only', async () => {
    const owner = await platform.signUp('billing-owner');
    const stranger = await platform.signUp('billing-stranger');
    expect((await owner.api.get('/v1/billing/balance')).body).toEqual({ available: 0, reserved: 0, balance: 0, currency: 'USD' });

    const adjusted = await credit(owner, 1_500);
    expect(adjusted.body).toMatchObject({ amount: 1_500, balance: { available: 1_500, balance: 1_500 } });
    await credit(owner, -200);
    await credit(owner, 300);

    expect((await owner.api.get('/v1/billing/balance')).body).toMatchObject({ available: 1_600 });
    expect((await stranger.api.get('/v1/billing/balance')).body).toMatchObject({ available: 0 });
    expect((await stranger.api.get('/v1/billing/ledger')).body).toEqual({ items: [] });

    const first = await owner.api.get('/v1/billing/ledger?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((entry) => entry.amount)).toEqual([300, -200]);
    expect(first.body.items[0]).toMatchObject({ kind: 'adjustment', balanceAfter: 1_600, description: 'e2e funding', currency: 'USD' });
    const second = await owner.api.get(`/v1/billing/ledger?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((entry) => entry.amount)).toEqual([1_500]);
    expect(second.body.nextCursor).toBeUndefined();
    const future = await owner.api.get(`/v1/billing/ledger?kind=adjustment&from=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.body.items).toEqual([]);
  });

  it('needs billing:read for API keys', async () => {
    const owner = await platform.signUp('billing-keys');
    const reader = await createApiKey(owner, ['billing:read']);
    const sender = await createApiKey(owner, ['verify']);
    expect((await reader.get('/v1/billing/balance')).status).toBe(200);
    expect((await reader.get('/v1/billing/prices')).status).toBe(200);
    expectProblem(await sender.get('/v1/billing/balance'), 403, 'insufficient_scope');
    expectProblem(await sender.get('/v1/billing/ledger'), 403, 'insufficient_scope');
    expectProblem(await reader.post('/v1/billing/checkout', { amount: 1_000 }), 403, 'forbidden');
    expectProblem(await platform.api.get('/v1/billing/balance'), 401, 'unauthenticated');
  });

  it('answers problems for bad input', async () => {
    const owner = await platform.signUp('billing-input');
    expectProblem(await owner.api.get('/v1/billing/ledger?kind=bonus'), 400, 'validation_failed');
    expectProblem(await owner.api.get('/v1/billing/ledger?from=yesterday'), 400, 'validation_failed');
    expectProblem(await owner.api.post('/v1/billing/checkout', { amount: 10.5 }), 400, 'validation_failed');
    expectProblem(await admin.post(`/v1/admin/organizations/${owner.organizationId}/credits`, { amount: 0, reason: 'x' }), 400, 'validation_failed');
    const debit = await admin.post(`/v1/admin/organizations/${owner.organizationId}/credits`, { amount: -50, reason: 'too much' });
    expectProblem(debit, 402, 'insufficient_funds');
    expect(debit.problem).toMatchObject({ shortfall: 50, available: 0, currency: 'USD' });
    expectProblem(await owner.api.post(`/v1/admin/organizations/${owner.organizationId}/credits`, { amount: 50, reason: 'me' }), 403, 'forbidden');
  });

  it('lets operators manage prices; everyone reads them', async () => {
    const owner = await platform.signUp('billing-prices');
    const created = await admin.post('/v1/admin/prices', { country: 'EG', route: 'device', messageType: 'otp', unitPrice: 2 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ country: 'EG', route: 'device', messageType: 'otp', unitPrice: 2, currency: 'USD' });
    expectProblem(await admin.post('/v1/admin/prices', { country: 'EG', route: 'device', messageType: 'otp', unitPrice: 9 }), 409, 'price_exists');
    expectProblem(await admin.post('/v1/admin/prices', { country: 'egypt', unitPrice: 1 }), 400, 'validation_failed');
    expectProblem(await owner.api.post('/v1/admin/prices', { unitPrice: 1 }), 403, 'forbidden');
    const updated = await admin.patch(`/v1/admin/prices/${created.body.id}`, { unitPrice: 4 });
    expect(updated.body.unitPrice).toBe(4);
    const listed = await owner.api.get('/v1/billing/prices');
    expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.body.id, unitPrice: 4 })]));
    const fallback = listed.body.items.find((price) => !price.country && !price.route && !price.messageType)!;
    expectProblem(await admin.delete(`/v1/admin/prices/${fallback.id}`), 409, 'default_price_required');
    expect((await admin.delete(`/v1/admin/prices/${created.body.id}`)).status).toBe(204);
    expectProblem(await admin.delete(`/v1/admin/prices/${created.body.id}`), 404, 'price_not_found');
  });

  it('tops up through Stripe Checkout and a signed webhook, once', async () => {
    const owner = await platform.signUp('billing-stripe');
    const checkout = await owner.api.post('/v1/billing/checkout', { amount: 2_000 });
    expect(checkout.status).toBe(201);
    expect(checkout.body.url).toContain(checkout.body.sessionId);
    expect(platform.stripe!.requests.at(-1)!.form).toMatchObject({
      'line_items[0][price_data][unit_amount]': '2000',
      'line_items[0][price_data][currency]': 'usd',
      'metadata[organizationId]': owner.organizationId,
    });
    expectProblem(await owner.api.post('/v1/billing/checkout', { amount: 5 }), 422, 'amount_out_of_range');

    const session = { ...platform.stripe!.sessions.get(checkout.body.sessionId)!, payment_status: 'paid', status: 'complete' };
    const paid = webhook('checkout.session.completed', session);
    const received = await deliver(paid);
    expect(received.status).toBe(200);
    expect(received.body).toEqual({ received: true });
    expect((await deliver(paid)).status).toBe(200);
    expect((await owner.api.get('/v1/billing/balance')).body).toMatchObject({ available: 2_000, balance: 2_000 });

    expectProblem(await deliver({ payload: paid.payload, signature: paid.signature.replace(/v1=[0-9a-f]{4}/, 'v1=0000') }), 400, 'invalid_stripe_signature');
    expectProblem(await deliver({ payload: paid.payload }), 400, 'invalid_stripe_signature');
    const forged = webhook('checkout.session.completed', { ...session, id: 'cs_forged', amount_total: 9_999 });
    expectProblem(await deliver({ payload: forged.payload, signature: paid.signature }), 400, 'invalid_stripe_signature');
    expect((await deliver(webhook('invoice.created', { id: 'in_1', object: 'invoice' }))).status).toBe(200);
    expect((await owner.api.get('/v1/billing/balance')).body).toMatchObject({ balance: 2_000 });
  });

  it('shows a phone owner their rewards', async () => {
    const owner = await platform.signUp('phone-owner');
    const rewards = await owner.api.get('/v1/rewards');
    expect(rewards.status).toBe(200);
    expect(rewards.body).toEqual({ balance: 0, pendingTokens: 0, items: [] });
    const key = await createApiKey(owner, ['billing:read']);
    expectProblem(await key.get('/v1/rewards'), 403, 'forbidden');
  });
});
