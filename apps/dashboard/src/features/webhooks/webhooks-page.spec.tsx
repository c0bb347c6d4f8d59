/**
 * @jest-environment jsdom
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi } from '../../testing/fake-api';
import { renderPage } from '../../testing/render-page';
import { WebhooksPage } from './webhooks-page';

const at = '2026-11-30T12:00:00.000Z';

const DELIVERIES = [
  { id: '0190a6f2-7c3e-7abc-8def-0123456789e0', url: 'https://example.com/hooks', event: 'message.status', status: 'delivered', attempts: 1, lastStatusCode: 200, createdAt: at, deliveredAt: at },
  { id: '0190a6f2-7c3e-7abc-8def-0123456789e1', url: 'https://example.com/hooks', event: 'verification.status', status: 'failed', attempts: 3, lastError: 'connect ECONNREFUSED', nextAttemptAt: at, createdAt: at },
];

/**
 * The API as this page sees it: one organization's settings, whose secret is made on the first save and on
 * each rotation and is in those answers only; a private address is refused; deliveries (none before a URL was set) filtered by status.
 */
function webhooksApi(start: { url?: string; hasSecret: boolean; disabled?: boolean }) {
  const state = { ...start, secrets: 0 };
  const view = (secret?: string) => ({
    ...(state.url ? { url: state.url } : {}),
    status: !state.url ? 'none' : state.disabled ? 'disabled' : 'active',
    hasSecret: state.hasSecret,
    ...(secret ? { secret } : {}),
    disabledEndpoints: state.disabled && state.url ? [{ url: state.url, disabledAt: at, consecutiveFailures: 50 }] : [],
  });
  const newSecret = () => `whsec_${++state.secrets}`;
  const deliveries = start.url ? DELIVERIES : [];
  return fakeApi((call) => {
    if (call.method === 'GET' && call.path === '/v1/webhooks/settings') return { status: 200, body: view() };
    if (call.method === 'PUT' && call.path === '/v1/webhooks/settings') {
      const { url } = call.body as { url: string | null };
      if (url?.includes('127.0.0.1')) return { status: 422, body: { code: 'webhook_target_not_allowed', detail: 'the webhook URL is refused: 127.0.0.1 is a private address' } };
      const first = !state.hasSecret;
      Object.assign(state, { url: url ?? undefined, hasSecret: true, disabled: false });
      return { status: 200, body: view(first ? newSecret() : undefined) };
    }
    if (call.method === 'POST' && call.path === '/v1/webhooks/settings/rotate-secret') {
      state.hasSecret = true;
      return { status: 200, body: view(newSecret()) };
    }
    if (call.method === 'GET' && call.path === '/v1/webhooks/deliveries') {
      const status = call.query.get('status');
      return { status: 200, body: { items: deliveries.filter((delivery) => !status || delivery.status === status) } };
    }
    return undefined;
  });
}

describe('the webhooks page', () => {
  it('says what to do with no callback URL, saves one and shows the new signing secret once', async () => {
    const api = renderPage(<WebhooksPage />, webhooksApi({ hasSecret: false }));
    expect(await screen.findByText(/No default callback URL/)).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Callback URL'), 'https://example.com/hooks');
    await userEvent.click(screen.getByRole('button', { name: 'Save callback URL' }));

    expect((await screen.findByLabelText('New signing secret')).textContent).toBe('whsec_1');
    expect(api.callsTo('PUT', '/v1/webhooks/settings').map((call) => call.body)).toEqual([{ url: 'https://example.com/hooks' }]);
    expect(await screen.findByText('Status callbacks go to https://example.com/hooks.')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'I have copied the secret' }));
    expect(screen.queryByLabelText('New signing secret')).toBeNull();
    expect(screen.queryByText('whsec_1')).toBeNull();
  });

  it('rotates the secret only once confirmed, and shows the new one once', async () => {
    const api = renderPage(<WebhooksPage />, webhooksApi({ url: 'https://example.com/hooks', hasSecret: true }));
    await userEvent.click(await screen.findByRole('button', { name: 'Rotate signing secret' }));
    await userEvent.click(within(screen.getByRole('group', { name: 'Confirm rotation' })).getByRole('button', { name: 'Keep the current secret' }));
    expect(api.callsTo('POST', '/v1/webhooks/settings/rotate-secret')).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Rotate signing secret' }));
    await userEvent.click(screen.getByRole('button', { name: 'Rotate now' }));
    expect((await screen.findByLabelText('New signing secret')).textContent).toBe('whsec_1');
    expect(api.callsTo('POST', '/v1/webhooks/settings/rotate-secret')).toHaveLength(1);
  });

  it("shows the API's problem detail when the URL is refused", async () => {
    renderPage(<WebhooksPage />, webhooksApi({ hasSecret: false }));
    await userEvent.type(await screen.findByLabelText('Callback URL'), 'http://127.0.0.1:9000/hooks');
    await userEvent.click(screen.getByRole('button', { name: 'Save callback URL' }));
    expect((await screen.findByRole('alert')).textContent).toBe('the webhook URL is refused: 127.0.0.1 is a private address');
    expect(screen.queryByLabelText('New signing secret')).toBeNull();
  });

  it('says a disabled URL is turned back on by saving it again, and does so', async () => {
    const api = renderPage(<WebhooksPage />, webhooksApi({ url: 'https://example.com/hooks', hasSecret: true, disabled: true }));
    expect(await screen.findByText(/stopped because it kept failing/)).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Endpoints disabled for failing' })).getByRole('cell', { name: '50' })).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Save callback URL' }));
    expect(await screen.findByText('Status callbacks go to https://example.com/hooks.')).toBeTruthy();
    expect(api.callsTo('PUT', '/v1/webhooks/settings').map((call) => call.body)).toEqual([{ url: 'https://example.com/hooks' }]);
    expect(screen.queryByRole('table', { name: 'Endpoints disabled for failing' })).toBeNull();
  });

  it('lists deliveries with status, attempts and the last answer, filtered by status', async () => {
    const api = renderPage(<WebhooksPage />, webhooksApi({ url: 'https://example.com/hooks', hasSecret: true }));
    const table = await screen.findByRole('table', { name: 'Callback deliveries, newest first' });
    const delivered = within(table).getByRole('row', { name: /message\.status/ });
    expect(within(delivered).getByRole('cell', { name: 'HTTP 200' })).toBeTruthy();
    const failed = within(table).getByRole('row', { name: /verification\.status/ });
    expect(within(failed).getByRole('cell', { name: '3' })).toBeTruthy();
    expect(within(failed).getByRole('cell', { name: 'connect ECONNREFUSED' })).toBeTruthy();

    await userEvent.selectOptions(screen.getByLabelText('Delivery status'), 'failed');
    await waitFor(() => expect(within(screen.getByRole('table', { name: /Callback deliveries/ })).queryByRole('row', { name: /message\.status/ })).toBeNull());
    expect(api.callsTo('GET', '/v1/webhooks/deliveries').at(-1)?.query.get('status')).toBe('failed');
  });

  it('says what to do when no callback was sent yet', async () => {
    renderPage(<WebhooksPage />, webhooksApi({ hasSecret: false }));
    expect(await screen.findByText(/No callback sent yet/)).toBeTruthy();
  });
});
