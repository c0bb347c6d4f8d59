import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Session } from '../api/session';
import { SessionProvider } from '../api/session-context';

type Fetch = (url: string, init: RequestInit) => Promise<unknown>;

const json = (status: number, body: unknown) => ({
  status,
  headers: { get: (name: string) => (name === 'content-type' ? 'application/json' : null) },
  text: async () => JSON.stringify(body),
});

/** Who the pages under test are signed in as. */
export const TEST_SESSION = {
  user: { id: '0190a6f2-7c3e-7abc-8def-0123456789a0', email: 'owner@pages.zagel.test', name: 'Page Tester', accountType: 'customer', platformAdmin: false, createdAt: '2026-11-01T00:00:00.000Z' },
  organization: { id: '0190a6f2-7c3e-7abc-8def-0123456789a1', name: 'Page Tests', status: 'active', createdAt: '2026-11-01T00:00:00.000Z' },
  accessToken: 'page-test-access-token',
  refreshToken: 'page-test-refresh-token',
  expiresIn: 900,
  tokenType: 'Bearer',
};

/**
 * Renders a page as the app does (a session, a query client without retries) against a stand-in for the
 * API's fetch. The session restores itself as on a reload, by a refresh the browser's cookie carries:
 * answered here (as TEST_SESSION while the stand-in's `sessionLive()` says so, by default always), so
 * the stand-in sees only the page's own calls.
 */
export function renderPage<Api extends { fetch: unknown; sessionLive?: () => boolean }>(page: ReactElement, api: Api): Api {
  const pageFetch = api.fetch as Fetch;
  const refresh = () => (api.sessionLive?.() ?? true ? json(200, TEST_SESSION) : json(401, { code: 'invalid_refresh_token', detail: 'The refresh token is not valid.' }));
  const fetch = (url: string, init: RequestInit) => (new URL(url).pathname === '/v1/auth/refresh' ? Promise.resolve(refresh()) : pageFetch(url, init));
  Object.assign(globalThis, { fetch });
  if (!globalThis.crypto.randomUUID) Object.assign(globalThis.crypto, { randomUUID: () => '00000000-0000-4000-8000-000000000000' });
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const session = new Session();
  void session.restore();
  render(
    <SessionProvider session={session}>
      <QueryClientProvider client={queries}>{page}</QueryClientProvider>
    </SessionProvider>,
  );
  return api;
}
