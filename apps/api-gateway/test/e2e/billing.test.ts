import Stripe from 'stripe';
import { randomUUID } from 'node:crypto';
import { FakeStripe } from '@zagel/testing';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createApiKey, Customer, Edge, expectProblem, login, registerCustomer, startEdge } from './support/edge';

const WEBHOOK_SECRET = 'whsec_e2e_billing';
const stripe = new FakeStripe('sk_test_e2e_key');
let edge: Edge;
let admin: { bearer: string };

beforeAll(async () => {
  await stripe.start();
  edge = await startEdge({ ...stripe.env, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, BILLING_CHECKOUT_MIN_AMOUNT: '100' }, ['billing']);
  admin = { bearer: (await login(edge.api, ADMIN_EMAIL, ADMIN_PASSWORD)).accessToken };
}, 120_000);

afterAll(async () => {
  await edge?.stop();
  await stripe.stop();
});

function webhook(type: string, object: Record<string, unknown>, id = `evt_${randomUUID().replace(/-/g, '')}`) {
  const payload = JSON.stringify({ id, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } });
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) };
}

function deliver(delivery: { payload: string; signature?: string }) {
  return edge.api.request('POST', '/v1/webhooks/stripe', {
    rawBody: delivery.payload,
    headers: delivery.signature ? { 'stripe-signature': delivery.signature } : {},
  });
}

async function credit(customer: Customer, amount: number) {
  const response = await edge.api.post(`/v1/admin/organizations/${customer.organizationId}/credits`, { amount, reason: 'e2e funding' }, { as: admin });
  expect(response.status).toBe(201);
  return response;
}

describe('billing over HTTP', () => {
  it('shows balance and ledger to the organization only', async () => {
    const owner = await registerCustomer(edge.api, 'billing-owner');
    const stranger = await registerCustomer(edge.api, 'billing-stranger');
    expect((await edge.api.get('/v1/billing/balance', { as: owner.as })).body).toEqual({ available: 0, reserved: 0, balance: 0, currency: 'USD' });

    const adjusted = await credit(owner, 1_500);
    expect(adjusted.body).toMatchObject({ amount: 1_500, balance: { available: 1_500, balance: 1_500 } });
    await credit(owner, -200);
    await credit(owner, 300);

    expect((await edge.api.get('/v1/billing/balance', { as: owner.as })).body).toMatchObject({ available: 1_600 });
    expect((await edge.api.get('/v1/billing/balance', { as: stranger.as })).body).toMatchObject({ available: 0 });
    expect((await edge.api.get('/v1/billing/ledger', { as: stranger.as })).body).toEqual({ items: [] });

    const first = await edge.api.get('/v1/billing/ledger?limit=2', { as: owner.as });
    expect(first.status).toBe(200);
    expect(first.body.items.map((entry: { amount: number }) => entry.amount)).toEqual([300, -200]);
    expect(first.body.items[0]).toMatchObject({ kind: 'adjustment', balanceAfter: 1_600, description: 'e2e funding', currency: 'USD' });
    const second = await edge.api.get(`/v1/billing/ledger?limit=2&cursor=${first.body.nextCursor}`, { as: owner.as });
    expect(second.body.items.map((entry: { amount: number }) => entry.amount)).toEqual([1_500]);
    expect(second.body.nextCursor).toBeUndefined();
    const future = await edge.api.get(`/v1/billing/ledger?kind=adjustment&from=${new Date(Date.now() + 60_000).toISOString()}`, { as: owner.as });
    expect(future.body.items).toEqual([]);
  });

  it('needs billing:read for API keys', async () => {
    const owner = await registerCustomer(edge.api, 'billing-keys');
    const reader = await createApiKey(edge.api, owner, ['billing:read']);
    const sender = await createApiKey(edge.api, owner, ['verify']);
    expect((await edge.api.get('/v1/billing/balance', { as: reader.as })).status).toBe(200);
    expect((await edge.api.get('/v1/billing/prices', { as: reader.as })).status).toBe(200);
    expectProblem(await edge.api.get('/v1/billing/balance', { as: sender.as }), 403, 'insufficient_scope');
    expectProblem(await edge.api.get('/v1/billing/ledger', { as: sender.as }), 403, 'insufficient_scope');
    expectProblem(await edge.api.post('/v1/billing/checkout', { amount: 1_000 }, { as: reader.as }), 403, 'forbidden');
    expectProblem(await edge.api.get('/v1/billing/balance'), 401, 'unauthenticated');
  });

  it('answers problems for bad input', async () => {
    const owner = await registerCustomer(edge.api, 'billing-input');
    expectProblem(await edge.api.get('/v1/billing/ledger?kind=bonus', { as: owner.as }), 400, 'validation_failed');
    expectProblem(await edge.api.get('/v1/billing/ledger?from=yesterday', { as: owner.as }), 400, 'validation_failed');
    expectProblem(await edge.api.post('/v1/billing/checkout', { amount: 10.5 }, { as: owner.as }), 400, 'validation_failed');
    expectProblem(await edge.api.post(`/v1/admin/organizations/${owner.organizationId}/credits`, { amount: 0, reason: 'x' }, { as: admin }), 400, 'validation_failed');
    const debit = await edge.api.post(`/v1/admin/organizations/${owner.organizationId}/credits`, { amount: -50, reason: 'too much' }, { as: admin });
    expectProblem(debit, 402, 'insufficient_funds');
    expect(debit.body).toMatchObject({ shortfall: 50, available: 0, currency: 'USD' });
    expectProblem(await edge.api.post(`/v1/admin/organizations/${owner.organizationId}/credits`, { amount: 50, reason: 'me' }, { as: owner.as }), 403, 'forbidden');
  });

  it('lets operators manage prices; everyone reads them', async () => {
    const owner = await registerCustomer(edge.api, 'billing-prices');
    const created = await edge.api.post('/v1/admin/prices', { country: 'EG', route: 'device', messageType: 'otp', unitPrice: 2 }, { as: admin });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ country: 'EG', route: 'device', messageType: 'otp', unitPrice: 2, currency: 'USD' });
    expectProblem(await edge.api.post('/v1/admin/prices', { country: 'EG', route: 'device', messageType: 'otp', unitPrice: 9 }, { as: admin }), 409, 'price_exists');
    expectProblem(await edge.api.post('/v1/admin/prices', { country: 'egypt', unitPrice: 1 }, { as: admin }), 400, 'validation_failed');
    expectProblem(await edge.api.post('/v1/admin/prices', { unitPrice: 1 }, { as: owner.as }), 403, 'forbidden');
    const updated = await edge.api.patch(`/v1/admin/prices/${created.body.id}`, { unitPrice: 4 }, { as: admin });
    expect(updated.body.unitPrice).toBe(4);
    const listed = await edge.api.get('/v1/billing/prices', { as: owner.as });
    expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.body.id, unitPrice: 4 })]));
    const fallback = listed.body.items.find((price: Record<string, unknown>) => !price.country && !price.route && !price.messageType);
    expectProblem(await edge.api.delete(`/v1/admin/prices/${fallback.id}`, { as: admin }), 409, 'default_price_required');
    expect((await edge.api.delete(`/v1/admin/prices/${created.body.id}`, { as: admin })).status).toBe(204);
    expectProblem(await edge.api.delete(`/v1/admin/prices/${created.body.id}`, { as: admin }), 404, 'price_not_found');
  });

  it('tops up through Stripe Checkout and a signed webhook, once', async () => {
    const owner = await registerCustomer(edge.api, 'billing-stripe');
    const checkout = await edge.api.post('/v1/billing/checkout', { amount: 2_000 }, { as: owner.as });
    expect(checkout.status).toBe(201);
    expect(checkout.body.url).toContain(checkout.body.sessionId);
    expect(stripe.requests.at(-1)!.form).toMatchObject({
      'line_items[0][price_data][unit_amount]': '2000',
      'line_items[0][price_data][currency]': 'usd',
      'metadata[organizationId]': owner.organizationId,
    });
    expectProblem(await edge.api.post('/v1/billing/checkout', { amount: 5 }, { as: owner.as }), 422, 'amount_out_of_range');

    const session = { ...stripe.sessions.get(checkout.body.sessionId)!, payment_status: 'paid', status: 'complete' };
    const paid = webhook('checkout.session.completed', session);
    const received = await deliver(paid);
    expect(received.status).toBe(200);
    expect(received.body).toEqual({ received: true });
    expect((await deliver(paid)).status).toBe(200);
    expect((await edge.api.get('/v1/billing/balance', { as: owner.as })).body).toMatchObject({ available: 2_000, balance: 2_000 });

    expectProblem(await deliver({ payload: paid.payload, signature: paid.signature.replace(/v1=[0-9a-f]{4}/, 'v1=0000') }), 400, 'invalid_stripe_signature');
    expectProblem(await deliver({ payload: paid.payload }), 400, 'invalid_stripe_signature');
    const forged = webhook('checkout.session.completed', { ...session, id: 'cs_forged', amount_total: 9_999 });
    expectProblem(await deliver({ payload: forged.payload, signature: paid.signature }), 400, 'invalid_stripe_signature');
    expect((await deliver(webhook('invoice.created', { id: 'in_1', object: 'invoice' }))).status).toBe(200);
    expect((await edge.api.get('/v1/billing/balance', { as: owner.as })).body).toMatchObject({ balance: 2_000 });
  });

  it('shows a phone owner their rewards', async () => {
    const owner = await registerCustomer(edge.api, 'phone-owner');
    const rewards = await edge.api.get('/v1/rewards', { as: owner.as });
    expect(rewards.status).toBe(200);
    expect(rewards.body).toEqual({ balance: 0, items: [] });
    const key = await createApiKey(edge.api, owner, ['billing:read']);
    expectProblem(await edge.api.get('/v1/rewards', { as: key.as }), 403, 'forbidden');
  });
});
