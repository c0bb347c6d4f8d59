/**
 * @jest-environment jsdom
 */
import '../../testing/jsdom-text-encoding';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { ApiCall, fakeApi } from '../../testing/fake-api';
import { renderPage } from '../../testing/render-page';
import { VerificationPage } from './verification-page';
import { VerificationsPage } from './verifications-page';

const ID = '0190a6f2-7c3e-7abc-8def-0123456789b0';
const OTHER = '0190a6f2-7c3e-7abc-8def-0123456789bf';
const at = (second: number) => `2026-11-23T12:00:${String(second).padStart(2, '0')}.000Z`;

type FakeVerification = Record<string, unknown> & { id: string; status: string };

const detailed = (): FakeVerification => ({
  id: ID,
  to: '+4915112345678',
  country: 'DE',
  status: 'pending',
  expiresAt: at(59),
  sendCount: 2,
  route: 'provider',
  attempts: 2,
  remainingAttempts: 3,
  locale: 'en',
  sends: [
    { messageId: '0190a6f2-7c3e-7abc-8def-0000000000b1', sequence: 1, status: 'failed', route: 'device', deviceId: 'd-1', errorCode: 'radio_off', requestedAt: at(1), updatedAt: at(2) },
    { messageId: '0190a6f2-7c3e-7abc-8def-0000000000b2', sequence: 2, status: 'delivered', route: 'provider', provider: 'twilio-us', requestedAt: at(31), updatedAt: at(33) },
  ],
  createdAt: at(1),
  updatedAt: at(33),
});

function listed(index: number, extra: Record<string, unknown> = {}): FakeVerification {
  return {
    id: `0190a6f2-7c3e-7abc-8def-0000000000${String(index).padStart(2, '0')}`,
    to: `+491511234560${index}`,
    country: 'DE',
    status: 'approved',
    expiresAt: at(59),
    sendCount: 1,
    route: 'device',
    attempts: 0,
    remainingAttempts: 5,
    locale: 'en',
    sends: [{ messageId: `0190a6f2-7c3e-7abc-8def-0000000001${String(index).padStart(2, '0')}`, sequence: 1, status: 'sent', route: 'device', deviceId: `d-${index}`, requestedAt: at(index), updatedAt: at(index) }],
    createdAt: at(index),
    updatedAt: at(index),
    ...extra,
  };
}

/** The list in pages of two, newest first, narrowed by status as the API would; one verification to read and cancel. */
function verificationsApi(list: FakeVerification[] = []) {
  let verification = detailed();
  return fakeApi((call: ApiCall) => {
    if (call.method === 'GET' && call.path === '/v1/verifications') {
      const status = call.query.get('status');
      if (status === 'bogus') return { status: 400, body: { code: 'validation_failed', detail: 'status: must be a verification status.' } };
      const matching = list.filter((item) => !status || item.status === status);
      const start = Number(call.query.get('cursor') ?? 0);
      const next = start + 2 < matching.length ? String(start + 2) : undefined;
      return { status: 200, body: { items: matching.slice(start, start + 2), nextCursor: next } };
    }
    if (call.path === `/v1/verifications/${OTHER}`) return { status: 404, body: { code: 'verification_not_found', detail: 'No such verification in your organization.' } };
    if (call.method === 'GET' && call.path === `/v1/verifications/${ID}`) return { status: 200, body: verification };
    if (call.method === 'POST' && call.path === `/v1/verifications/${ID}/cancel`) {
      verification = { ...verification, status: 'canceled', canceledAt: at(40) };
      return { status: 200, body: verification };
    }
    return undefined;
  });
}

function renderAt(address: string, api = verificationsApi()) {
  return renderPage(
    <MemoryRouter initialEntries={[address]}>
      <Routes>
        <Route path="/verifications" element={<VerificationsPage />} />
        <Route path="/verifications/:id" element={<VerificationPage />} />
      </Routes>
    </MemoryRouter>,
    api,
  );
}

const listCalls = (api: ReturnType<typeof fakeApi>) => api.callsTo('GET', '/v1/verifications').map((call) => Object.fromEntries(call.query));
const cellsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));

describe('the verifications page', () => {
  it('says how to start one when there is none yet', async () => {
    renderAt('/verifications');
    expect(await screen.findByText(/No verifications yet: start one with POST \/v1\/verifications/)).toBeTruthy();
  });

  it('lists them newest first with status, number, channel of the last send, wrong codes and time, then loads more', async () => {
    const list = [listed(3), listed(2, { status: 'max_attempts_reached', attempts: 5, remainingAttempts: 0 }), { ...detailed(), createdAt: at(1) }];
    const api = renderAt('/verifications', verificationsApi(list));
    const table = await screen.findByRole('table', { name: 'Your verifications, newest first' });
    expect(cellsOf(table)).toEqual([
      ['+4915112345603', 'approved', 'phone d-3', '0', '1', new Date(at(3)).toLocaleString()],
      ['+4915112345602', 'max attempts reached', 'phone d-2', '5', '1', new Date(at(2)).toLocaleString()],
    ]);

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByRole('cell', { name: 'provider twilio-us' })).toBeTruthy();
    expect(cellsOf(table)).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(listCalls(api)).toEqual([{ limit: '50' }, { limit: '50', cursor: '2' }]);
    expect(screen.getByRole('link', { name: 'Verification of +4915112345603, approved' }).getAttribute('href')).toBe(`/verifications/${listed(3).id}`);
  });

  it('sends the chosen status and number as the API’s query parameters, and clears them', async () => {
    const api = renderAt('/verifications', verificationsApi([listed(3), listed(2, { status: 'pending' })]));
    await screen.findByRole('table', { name: 'Your verifications, newest first' });

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'pending');
    await userEvent.type(screen.getByLabelText('Phone number'), '+4915112345602');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    const table = await screen.findByRole('table', { name: 'Verifications matching the filters, newest first' });
    expect(cellsOf(table).map((cells) => cells[0])).toEqual(['+4915112345602']);
    expect(listCalls(api).at(-1)).toEqual({ limit: '50', status: 'pending', to: '+4915112345602' });

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'canceled');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText(/No verification matches these filters/)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByRole('table', { name: 'Your verifications, newest first' })).toBeTruthy();
    expect(listCalls(api).at(-1)).toEqual({ limit: '50' });
  });

  it("shows the API's problem detail when the list is refused", async () => {
    renderAt('/verifications?status=bogus');
    expect((await screen.findByRole('alert')).textContent).toBe('status: must be a verification status.');
  });

  it('opens a row: status, attempts, channel and every code sent, and cancels it while pending', async () => {
    const api = renderAt('/verifications', verificationsApi([detailed()]));
    await userEvent.click(await screen.findByRole('link', { name: 'Verification of +4915112345678, pending' }));

    expect(await screen.findByRole('heading', { name: 'Verification of +4915112345678' })).toBeTruthy();
    expect(screen.getByText('Wrong codes tried').nextSibling?.textContent).toBe('2 (3 left)');
    expect(screen.getByText('Channel of the last send').nextSibling?.textContent).toBe('provider');
    const sends = within(screen.getByRole('table', { name: 'Code messages sent' })).getAllByRole('row').slice(1);
    expect(sends.map((row) => within(row).getAllByRole('cell').slice(0, 4).map((cell) => cell.textContent))).toEqual([
      ['#1', 'failed', 'phone d-1', 'radio_off'],
      ['#2', 'delivered', 'provider twilio-us', '—'],
    ]);
    expect(screen.getByRole('link', { name: 'Message of send 2' }).getAttribute('href')).toBe('/messages/0190a6f2-7c3e-7abc-8def-0000000000b2');
    expect(api.callsTo('GET', `/v1/verifications/${ID}`)).toHaveLength(1);

    await userEvent.click(screen.getByRole('button', { name: 'Cancel verification' }));
    expect(await screen.findByText('canceled')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel verification' })).toBeNull();
    expect(screen.getByRole('link', { name: 'All verifications' }).getAttribute('href')).toBe('/verifications');
  });

  it('looks one up by the id POST /v1/verifications answered, and makes no call for what is not an id', async () => {
    const api = renderAt('/verifications');
    await screen.findByText(/No verifications yet/);

    await userEvent.type(screen.getByLabelText('Verification id'), 'order-1234');
    await userEvent.click(screen.getByRole('button', { name: 'Look up' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/That is not a verification id/);
    expect(api.calls.filter((call) => call.path !== '/v1/verifications')).toEqual([]);

    await userEvent.clear(screen.getByLabelText('Verification id'));
    await userEvent.type(screen.getByLabelText('Verification id'), ` ${ID} `);
    await userEvent.click(screen.getByRole('button', { name: 'Look up' }));
    expect(await screen.findByRole('heading', { name: 'Verification of +4915112345678' })).toBeTruthy();
  });

  it("keeps an old ?id= address working, with the API's problem detail for an id it does not know", async () => {
    const api = renderAt(`/verifications?id=${OTHER}`);
    expect((await screen.findByRole('alert')).textContent).toBe('No such verification in your organization.');
    expect(api.calls.map((call) => `${call.method} ${call.path}`)).toEqual([`GET /v1/verifications/${OTHER}`]);
  });

  it('says so when the address names no verification id', async () => {
    const api = renderAt('/verifications/order-1234');
    expect((await screen.findByRole('alert')).textContent).toMatch(/That is not a verification id/);
    expect(api.calls).toHaveLength(0);
  });
});
