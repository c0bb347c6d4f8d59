/**
 * @jest-environment jsdom
 */
import '../../testing/jsdom-text-encoding';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { ApiCall, fakeApi } from '../../testing/fake-api';
import { renderPage } from '../../testing/render-page';
import { BillingPage } from './billing-page';

const CHECKOUT_URL = 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3';

/** 30 movements, newest first: every fifth a top-up, the rest messages; the id is the cursor, as the API's is. */
const LEDGER = Array.from({ length: 30 }, (_, index) => {
  const topUp = index % 5 === 0;
  return {
    id: String(1000 - index),
    transactionId: `0190a6f2-7c3e-7abc-8def-${String(index).padStart(12, '0')}`,
    kind: topUp ? 'stripe_top_up' : 'capture',
    amount: topUp ? 2_000 : -6,
    balanceAfter: 9_000 - index,
    currency: 'USD',
    reference: `ref-${index}`,
    description: topUp ? `Top-up #${index}` : `SMS #${index}`,
    createdAt: new Date(Date.UTC(2026, 10, 30, 12) - index * 60_000).toISOString(),
  };
});

function ledgerPage(call: ApiCall) {
  const kind = call.query.get('kind');
  const limit = Number(call.query.get('limit') ?? 50);
  const cursor = call.query.get('cursor');
  const matching = LEDGER.filter((entry) => !kind || entry.kind === kind);
  const start = cursor ? matching.findIndex((entry) => entry.id === cursor) + 1 : 0;
  const items = matching.slice(start, start + limit);
  return { items, ...(start + limit < matching.length ? { nextCursor: items.at(-1)!.id } : {}) };
}

/** The API as the billing page sees it; the wallet is credited once `credit()` is called (Stripe's webhook arrived). */
function billingApi() {
  const wallet = { available: 9_000, reserved: 100, allowance: 250, balance: 9_100, currency: 'USD' };
  const api = fakeApi((call) => {
    if (call.method === 'GET' && call.path === '/v1/billing/balance') return { status: 200, body: wallet };
    if (call.method === 'GET' && call.path === '/v1/billing/ledger') return { status: 200, body: ledgerPage(call) };
    if (call.method === 'POST' && call.path === '/v1/billing/checkout') {
      const { amount } = call.body as { amount: number };
      if (amount < 500) return { status: 422, body: { code: 'amount_out_of_range', detail: 'A top-up is between $5.00 and $10,000.00.', min: 500, max: 1_000_000 } };
      return { status: 201, body: { sessionId: 'cs_test_a1b2c3', url: CHECKOUT_URL, amount, currency: 'USD' } };
    }
    return undefined;
  });
  return { ...api, credit: (amount: number) => Object.assign(wallet, { available: wallet.available + amount, balance: wallet.balance + amount }) };
}

function renderBilling(url = '/billing') {
  const left: string[] = [];
  const api = renderPage(
    <MemoryRouter initialEntries={[url]}>
      <BillingPage leave={(to) => left.push(to)} />
    </MemoryRouter>,
    billingApi(),
  );
  return { api, left };
}

const ledgerRows = async () => within(await screen.findByRole('table', { name: /Wallet movements/ })).getAllByRole('row').slice(1);

describe('the billing page', () => {
  it('shows the balance with what is reserved and the verification allowance left', async () => {
    renderBilling();
    const figure = async (term: string) => (await screen.findByText(term)).nextElementSibling?.textContent;
    await waitFor(async () => expect(await figure('Available')).toBe('$90.00'));
    expect(await figure('Reserved for messages in flight')).toBe('$1.00');
    expect(await figure('Verification allowance left')).toBe('$2.50');
    expect(await figure('Balance')).toBe('$91.00');
  });

  it('walks the ledger a page at a time with the cursors the API answered, and back', async () => {
    const { api } = renderBilling();
    expect(await ledgerRows()).toHaveLength(25);
    expect(screen.getByRole('button', { name: 'Previous page' })).toHaveProperty('disabled', true);

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(async () => expect(await ledgerRows()).toHaveLength(5));
    expect(within((await ledgerRows())[0]).getByRole('cell', { name: 'Top-up #25' })).toBeTruthy();
    expect(api.callsTo('GET', '/v1/billing/ledger').at(-1)?.query.get('cursor')).toBe('976');
    expect(screen.getByRole('button', { name: 'Next page' })).toHaveProperty('disabled', true);

    await userEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    await waitFor(async () => expect(await ledgerRows()).toHaveLength(25));
    expect(within((await ledgerRows())[0]).getByRole('cell', { name: 'Top-up #0' })).toBeTruthy();
  });

  it('filters the ledger by kind from the first page', async () => {
    const { api } = renderBilling();
    await userEvent.click(await screen.findByRole('button', { name: 'Next page' }));
    await waitFor(async () => expect(await ledgerRows()).toHaveLength(5));

    await userEvent.selectOptions(screen.getByLabelText('Kind of movement'), 'Top-up');
    await waitFor(async () => expect(await ledgerRows()).toHaveLength(6));
    const last = api.callsTo('GET', '/v1/billing/ledger').at(-1)!;
    expect(last.query.get('kind')).toBe('stripe_top_up');
    expect(last.query.get('cursor')).toBeNull();
    expect(screen.queryByRole('navigation', { name: 'Ledger pages' })).toBeNull();
  });

  it("asks the API for a Checkout Session in minor units and sends the browser to Stripe's URL", async () => {
    const { api, left } = renderBilling();
    await userEvent.type(await screen.findByLabelText('Amount (USD)'), '20.50');
    await userEvent.click(screen.getByRole('button', { name: 'Pay with Stripe' }));
    await waitFor(() => expect(left).toEqual([CHECKOUT_URL]));
    expect(api.callsTo('POST', '/v1/billing/checkout').map((call) => call.body)).toEqual([{ amount: 2_050 }]);
  });

  it("shows the API's problem detail and stays when the amount is refused", async () => {
    const { left } = renderBilling();
    await userEvent.type(await screen.findByLabelText('Amount (USD)'), '1');
    await userEvent.click(screen.getByRole('button', { name: 'Pay with Stripe' }));
    expect((await screen.findByRole('alert')).textContent).toBe('A top-up is between $5.00 and $10,000.00.');
    expect(left).toEqual([]);
  });

  it('back from a payment, says so and watches the balance until the credit lands', async () => {
    const { api } = renderBilling('/billing?checkout=success');
    expect((await screen.findByRole('status')).textContent).toMatch(/Stripe took the payment/);
    await waitFor(() => expect(screen.getByText('Available').nextElementSibling?.textContent).toBe('$90.00'));

    api.credit(2_050);
    await waitFor(() => expect(screen.getByText('Available').nextElementSibling?.textContent).toBe('$110.50'), { timeout: 15_000 });

    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status')).toBeNull();
  }, 20_000);

  it('back from a canceled payment, says nothing was charged', async () => {
    renderBilling('/billing?checkout=canceled');
    expect((await screen.findByRole('status')).textContent).toMatch(/nothing was charged/);
  });
});
