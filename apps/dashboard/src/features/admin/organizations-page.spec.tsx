/**
 * @jest-environment jsdom
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage as renderPageWith } from '../../testing/render-page';
import { OrganizationsPage } from './organizations-page';

const ACME = { id: '0190a6f2-7c3e-7abc-8def-0123456789ac', name: 'Acme Pharmacies', status: 'active', createdAt: '2026-11-23T12:00:00.000Z' };
const GLOBEX = { id: '0190a6f2-7c3e-7abc-8def-0123456789ad', name: 'Globex Couriers', status: 'active', createdAt: '2026-11-23T12:00:00.000Z' };

/** The admin API as this page sees it: two organizations, and credits (a zero amount refused). */
function fakeApi() {
  const credits: { path: string; body: unknown }[] = [];
  const answer = (status: number, body: unknown) => ({
    status,
    headers: { get: (name: string) => (name === 'content-type' ? (status >= 400 ? 'application/problem+json' : 'application/json') : null) },
    text: async () => JSON.stringify(body),
  });
  const fetch = jest.fn(async (url: string, init: { method: string; body?: string }) => {
    const path = new URL(url).pathname;
    if (init.method === 'GET' && path === '/v1/admin/organizations') return answer(200, { items: [ACME, GLOBEX] });
    if (init.method === 'POST' && path.endsWith('/credits')) {
      const body = JSON.parse(init.body!) as { amount: number };
      credits.push({ path, body });
      if (body.amount === 0) return answer(400, { code: 'validation_failed', detail: 'amount: must not be 0.' });
      return answer(201, { transactionId: 't1', amount: body.amount, balance: { available: 7500, reserved: 0, balance: 7500, currency: 'USD' } });
    }
    return answer(404, { code: 'not_found', detail: `no ${init.method} ${path}` });
  });
  return { credits, fetch };
}

function renderPage() {
  return renderPageWith(<OrganizationsPage />, fakeApi());
}

describe("the operator's organizations page", () => {
  it('finds an organization by name and credits it in minor units, showing the new balance', async () => {
    const api = renderPage();
    const table = await screen.findByRole('table', { name: 'Organizations' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);

    await userEvent.type(screen.getByLabelText(/Search organizations/), 'globex');
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(within(table).getByRole('cell', { name: 'Globex Couriers' })).toBeTruthy();

    await userEvent.type(screen.getByLabelText(/Amount/), '75');
    await userEvent.type(screen.getByLabelText('Reason'), 'goodwill');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));

    expect((await screen.findByRole('status')).textContent).toBe('Credited $75.00 to Globex Couriers: available balance now $75.00.');
    expect(api.credits).toEqual([{ path: `/v1/admin/organizations/${GLOBEX.id}/credits`, body: { amount: 7500, reason: 'goodwill' } }]);
  });

  it('says what to do when nothing matches, and shows a refused credit’s problem detail', async () => {
    renderPage();
    await screen.findByRole('table', { name: 'Organizations' });
    await userEvent.type(screen.getByLabelText('Amount (e.g. 50.00; negative to debit)'), '0');
    await userEvent.type(screen.getByLabelText('Reason'), 'nothing');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect((await screen.findByRole('alert')).textContent).toBe('amount: must not be 0.');

    await userEvent.type(screen.getByLabelText(/Search organizations/), 'initech');
    expect(screen.getByText(/No organization matches/)).toBeTruthy();
  });
});
