/**
 * @jest-environment jsdom
 */
import { screen, within } from '@testing-library/react';
import { renderPage as renderPageWith } from '../../testing/render-page';
import { ProvidersPage } from './providers-page';

const TWILIO = '0190a6f2-7c3e-7abc-8def-0123456789ad';
const VONAGE = '0190a6f2-7c3e-7abc-8def-0123456789ae';
const at = '2026-11-23T12:00:00.000Z';

function renderPage(routes: unknown[]) {
  const answer = (body: unknown) => ({ status: 200, headers: { get: (name: string) => (name === 'content-type' ? 'application/json' : null) }, text: async () => JSON.stringify(body) });
  const providers = [
    { id: TWILIO, name: 'twilio-us', kind: 'twilio', settings: {}, enabled: true, health: { circuit: 'half_open', sent: 90, failed: 10, successRate: 0.9, latencyP50Ms: 120, latencyP95Ms: 480 }, createdAt: at, updatedAt: at },
    { id: VONAGE, name: 'vonage-eu', kind: 'vonage', settings: {}, enabled: false, createdAt: at, updatedAt: at },
  ];
  renderPageWith(<ProvidersPage />, {
    fetch: jest.fn(async (url: string) => (new URL(url).pathname === '/v1/admin/providers' ? answer({ items: providers }) : answer({ items: routes }))),
  });
}

describe("the operator's providers page", () => {
  it('shows each account’s health and circuit, and each route’s chain in priority order by provider name', async () => {
    renderPage([{ id: 'r1', country: 'EG', messageType: 'otp', providers: [VONAGE, TWILIO], createdAt: at, updatedAt: at }]);
    const accounts = await screen.findByRole('table', { name: 'Provider accounts' });
    const twilio = within(accounts).getByRole('row', { name: /twilio-us/ });
    expect(within(twilio).getByRole('cell', { name: 'half-open' })).toBeTruthy();
    expect(within(twilio).getByRole('cell', { name: '90%' })).toBeTruthy();
    expect(within(twilio).getByRole('cell', { name: '120 ms / 480 ms' })).toBeTruthy();
    expect(within(within(accounts).getByRole('row', { name: /vonage-eu/ })).getByRole('cell', { name: 'unknown' })).toBeTruthy();

    const routes = await screen.findByRole('table', { name: /^Routes/ });
    expect(within(routes).getByRole('cell', { name: '1. vonage-eu → 2. twilio-us' })).toBeTruthy();
  });

  it('says what to do when there is no route', async () => {
    renderPage([]);
    expect(await screen.findByText(/No route yet/)).toBeTruthy();
  });
});
