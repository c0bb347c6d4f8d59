/**
 * @jest-environment jsdom
 */
import './testing/jsdom-text-encoding';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useRoutes } from 'react-router';
import { SESSION_ENDED_NOTICE } from './api/session';
import { DASHBOARD_ROUTES } from './routes';
import { renderPage } from './testing/render-page';

/** A customer's API: the overview's balance, empty lists elsewhere; once the session ends, every call is 401. */
function fakeApi() {
  let live = true;
  const answer = (status: number, body: unknown) => ({
    status,
    headers: { get: (name: string) => (name === 'content-type' ? (status >= 400 ? 'application/problem+json' : 'application/json') : null) },
    text: async () => JSON.stringify(body),
  });
  const fetch = jest.fn(async (url: string) => {
    const path = new URL(url).pathname;
    if (!live) return answer(401, { code: 'token_expired', detail: 'The access token has expired; refresh it.' });
    if (path === '/v1/billing/balance') return answer(200, { available: 10_000, reserved: 0, currency: 'USD' });
    if (path === '/v1/campaigns' || path === '/v1/api-keys') return answer(200, { items: [] });
    return answer(404, { code: 'not_found', detail: `no ${path}` });
  });
  return { fetch, sessionLive: () => live, endSession: () => (live = false) };
}

/** The app's routes in a router of the test's own (jsdom has no `Request`, which a data router's navigation makes). */
function Dashboard() {
  return useRoutes(DASHBOARD_ROUTES);
}

function renderApp(at = '/', api = fakeApi()) {
  return renderPage(
    <MemoryRouter initialEntries={[at]}>
      <Dashboard />
    </MemoryRouter>,
    api,
  );
}

describe('the signed-in frame', () => {
  it('restores the session on load, then shows the page', async () => {
    renderApp();
    expect(screen.getByRole('status').textContent).toBe('Restoring your session…');
    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeTruthy();
    expect(await screen.findByText('$100.00')).toBeTruthy();
  });

  it('folds the navigation behind a Menu button that says whether it is open, and closes it on following a link', async () => {
    renderApp();
    const menu = await screen.findByRole('button', { name: 'Menu' });
    const navigation = screen.getByRole('navigation', { name: 'Main' });
    expect(menu.getAttribute('aria-controls')).toBe(navigation.id);
    expect(menu.getAttribute('aria-expanded')).toBe('false');

    await userEvent.click(menu);
    expect(menu.getAttribute('aria-expanded')).toBe('true');
    expect(navigation.className).toBe('open');

    await userEvent.click(within(navigation).getByRole('link', { name: 'API keys' }));
    expect(await screen.findByRole('heading', { name: 'API keys' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false');
  });

  it('sends the user to sign in with a readable sentence when the session ends and cannot be refreshed', async () => {
    const api = renderApp();
    await screen.findByRole('heading', { name: 'Overview' });
    api.endSession();

    await userEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Campaigns' }));

    expect(await screen.findByRole('heading', { name: 'Sign in to Zagel' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(SESSION_ENDED_NOTICE);
  });

  it('sends a visitor with no session to sign in, saying nothing about an ended one', async () => {
    const api = fakeApi();
    api.endSession();
    renderApp('/campaigns', api);
    expect(await screen.findByRole('heading', { name: 'Sign in to Zagel' })).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
