import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Session } from '../api/session';
import { SessionProvider } from '../api/session-context';

/** Renders a page as the app does (a session, a query client without retries) against a stand-in for the API's fetch. */
export function renderPage<Api extends { fetch: unknown }>(page: ReactElement, api: Api): Api {
  Object.assign(globalThis, { fetch: api.fetch });
  if (!globalThis.crypto.randomUUID) Object.assign(globalThis.crypto, { randomUUID: () => '00000000-0000-4000-8000-000000000000' });
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <SessionProvider session={new Session(window.sessionStorage)}>
      <QueryClientProvider client={queries}>{page}</QueryClientProvider>
    </SessionProvider>,
  );
  return api;
}
