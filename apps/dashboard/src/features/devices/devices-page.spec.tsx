/**
 * @jest-environment jsdom
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage as renderPageWith } from '../../testing/render-page';
import { DevicesPage } from './devices-page';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZXZpY2UifQ.c2lnbmF0dXJl';

/** The API as this page sees it: the owner's phones, rewards, and a registration (refused for a landline). */
function fakeApi() {
  const posted: unknown[] = [];
  const devices: Record<string, unknown>[] = [];
  const answer = (status: number, body: unknown) => ({
    status,
    headers: { get: (name: string) => (name === 'content-type' ? (status >= 400 ? 'application/problem+json' : 'application/json') : null) },
    text: async () => JSON.stringify(body),
  });
  const fetch = jest.fn(async (url: string, init: { method: string; body?: string }) => {
    const path = new URL(url).pathname;
    if (init.method === 'GET' && path === '/v1/devices') return answer(200, { items: devices });
    if (init.method === 'GET' && path === '/v1/rewards') {
      return answer(200, {
        balance: 3,
        items: [
          { messageId: 'm1', tokens: 1, source: 'otp_verified', createdAt: '2026-11-24T08:00:00.000Z' },
          { messageId: 'm2', tokens: 2, source: 'delivered', createdAt: '2026-11-24T09:00:00.000Z' },
        ],
      });
    }
    if (init.method === 'POST' && path === '/v1/devices') {
      const body = JSON.parse(init.body!) as { phoneNumber: string; label: string };
      posted.push(body);
      if (body.phoneNumber.startsWith('+2023')) return answer(422, { code: 'not_mobile', detail: '+20233334444 is not a mobile number.' });
      devices.push({ id: 'd1', ownerId: 'u1', ...body, country: 'EG', carrier: 'vodafone', online: true, paused: false, quarantined: false, verification: 'unverified', dailyQuota: 5, sentToday: 2, quotaLeft: 3, successRate: 0.5, healthScore: 1, createdAt: '2026-11-24T08:00:00.000Z', earnings: 3 });
      return answer(201, { id: 'd1', deviceToken: TOKEN, phoneNumber: body.phoneNumber, country: 'EG', carrier: 'vodafone', verification: 'unverified' });
    }
    if (init.method === 'POST' && path === '/v1/devices/d1/verify') {
      const { code } = JSON.parse(init.body!) as { code: string };
      posted.push({ code });
      if (code !== '482913') return answer(422, { code: 'incorrect_code', detail: 'That is not the code sent to this number.', attemptsLeft: 4 });
      devices[0].verification = 'verified';
      return answer(200, devices[0]);
    }
    return answer(404, { code: 'not_found', detail: `no ${init.method} ${path}` });
  });
  return { posted, fetch };
}

function renderPage() {
  return renderPageWith(<DevicesPage />, fakeApi());
}

describe("the phone owner's page", () => {
  it('says what to do without phones, then shows a new phone’s token once and lists the phone with its state', async () => {
    const api = renderPage();
    expect(await screen.findByText(/No phones yet/)).toBeTruthy();
    expect(within(await screen.findByRole('table', { name: /Tokens earned by day/ })).getByRole('cell', { name: '2026-11-24' })).toBeTruthy();

    await userEvent.type(screen.getByLabelText(/Phone number/), '+201001234567');
    await userEvent.type(screen.getByLabelText('Phone label'), 'Kitchen Samsung');
    await userEvent.click(screen.getByRole('button', { name: 'Register phone' }));

    expect((await screen.findByLabelText('Device token')).textContent).toBe(TOKEN);
    expect(api.posted[0]).toEqual({ phoneNumber: '+201001234567', label: 'Kitchen Samsung' });
    const phones = await screen.findByRole('table', { name: 'Your phones' });
    expect(within(phones).getByRole('cell', { name: 'unverified' })).toBeTruthy();
    expect(within(phones).getByRole('cell', { name: '50%' })).toBeTruthy();

    // Until the phone proves its number its owner may type the code it received.
    await userEvent.type(screen.getByLabelText('Code sent to +201001234567'), '000000');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That is not the code sent to this number.');
    await userEvent.clear(screen.getByLabelText('Code sent to +201001234567'));
    await userEvent.type(screen.getByLabelText('Code sent to +201001234567'), '482913');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await within(phones).findByRole('cell', { name: 'online' })).toBeTruthy();
    expect(screen.queryByLabelText('Code sent to +201001234567')).toBeNull();
    expect(api.posted.slice(1)).toEqual([{ code: '000000' }, { code: '482913' }]);

    await userEvent.click(screen.getByRole('button', { name: 'I have set up the phone' }));
    expect(screen.queryByLabelText('Device token')).toBeNull();
  });

  it("shows the API's problem detail when a registration is refused", async () => {
    renderPage();
    await screen.findByText(/No phones yet/);
    await userEvent.type(screen.getByLabelText(/Phone number/), '+20233334444');
    await userEvent.type(screen.getByLabelText('Phone label'), 'Landline');
    await userEvent.click(screen.getByRole('button', { name: 'Register phone' }));
    expect((await screen.findByRole('alert')).textContent).toBe('+20233334444 is not a mobile number.');
    expect(screen.queryByLabelText('Device token')).toBeNull();
  });
});
