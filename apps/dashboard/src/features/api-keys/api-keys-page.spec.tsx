/**
 * @jest-environment jsdom
 */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage as renderPageWith } from '../../testing/render-page';
import { ApiKeysPage } from './api-keys-page';

interface Call {
  method: string;
  url: string;
  body?: unknown;
}

/** The API as this page sees it: keys listed, one created (its secret in the answer), problems as problem+json. */
function fakeApi() {
  const calls: Call[] = [];
  const keys: { id: string; name: string; prefix: string; scopes: string[]; createdAt: string }[] = [];
  const answer = (status: number, body: unknown) => ({
    status,
    headers: { get: (name: string) => (name === 'content-type' ? (status >= 400 ? 'application/problem+json' : 'application/json') : null) },
    text: async () => JSON.stringify(body),
  });
  const fetch = jest.fn(async (url: string, init: { method: string; body?: string }) => {
    const path = new URL(url).pathname;
    const call: Call = { method: init.method, url: path, body: init.body ? (JSON.parse(init.body) as unknown) : undefined };
    calls.push(call);
    if (call.method === 'GET' && path === '/v1/api-keys') return answer(200, { items: keys });
    if (call.method === 'POST' && path === '/v1/api-keys') {
      const { name, scopes } = call.body as { name: string; scopes: string[] };
      if (scopes.length === 0) return answer(400, { code: 'validation_failed', detail: 'scopes: choose at least one scope.' });
      keys.push({ id: `k${keys.length}`, name, prefix: 'zk_live_ab12', scopes, createdAt: new Date().toISOString() });
      return answer(201, { ...keys.at(-1), key: 'zk_live_ab12cd34ef56' });
    }
    return answer(404, { code: 'not_found', detail: `no ${call.method} ${path}` });
  });
  return { calls, fetch };
}

function renderPage() {
  return renderPageWith(<ApiKeysPage />, fakeApi());
}

describe('the API keys page', () => {
  it('says what to do when there is no key, then shows a new key once and lists it', async () => {
    const api = renderPage();
    expect(await screen.findByText(/No keys yet/)).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Key name'), 'checkout backend');
    await userEvent.click(screen.getByLabelText('templates'));
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));

    expect((await screen.findByLabelText('New API key')).textContent).toBe('zk_live_ab12cd34ef56');
    expect(api.calls.find((call) => call.method === 'POST')?.body).toEqual({
      name: 'checkout backend',
      scopes: ['verify', 'messages:send', 'messages:read', 'campaigns', 'billing:read'],
    });
    expect(await screen.findByRole('cell', { name: 'checkout backend' })).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'I have copied the key' }));
    expect(screen.queryByLabelText('New API key')).toBeNull();
    expect(screen.getByRole('button', { name: 'Revoke checkout backend' })).toBeTruthy();
  });

  it("shows the API's problem detail when creating a key is refused", async () => {
    renderPage();
    await screen.findByText(/No keys yet/);
    for (const scope of ['verify', 'messages:send', 'messages:read', 'campaigns', 'billing:read', 'templates']) await userEvent.click(screen.getByLabelText(scope));
    await userEvent.type(screen.getByLabelText('Key name'), 'no scopes');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect((await screen.findByRole('alert')).textContent).toBe('scopes: choose at least one scope.');
  });
});
