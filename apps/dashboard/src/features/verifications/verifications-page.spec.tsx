/**
 * @jest-environment jsdom
 */
import '../../testing/jsdom-text-encoding';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { fakeApi } from '../../testing/fake-api';
import { renderPage } from '../../testing/render-page';
import { VerificationsPage } from './verifications-page';

const ID = '0190a6f2-7c3e-7abc-8def-0123456789b0';
const OTHER = '0190a6f2-7c3e-7abc-8def-0123456789bf';
const at = (second: number) => `2026-11-23T12:00:${String(second).padStart(2, '0')}.000Z`;

function verificationsApi() {
  let verification = {
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
  };
  return fakeApi((call) => {
    if (call.path === `/v1/verifications/${OTHER}`) return { status: 404, body: { code: 'verification_not_found', detail: 'No such verification in your organization.' } };
    if (call.method === 'GET' && call.path === `/v1/verifications/${ID}`) return { status: 200, body: verification };
    if (call.method === 'POST' && call.path === `/v1/verifications/${ID}/cancel`) {
      verification = { ...verification, status: 'canceled', canceledAt: at(40) } as typeof verification;
      return { status: 200, body: verification };
    }
    return undefined;
  });
}

function renderAt(address: string) {
  return renderPage(
    <MemoryRouter initialEntries={[address]}>
      <VerificationsPage />
    </MemoryRouter>,
    verificationsApi(),
  );
}

describe('the verifications page', () => {
  it('says where the id comes from, then looks one up: status, attempts, channel and every code sent', async () => {
    const api = renderAt('/verifications');
    expect(screen.getByText(/Enter the id that POST \/v1\/verifications answered/)).toBeTruthy();
    expect(api.calls).toHaveLength(0);

    await userEvent.type(screen.getByLabelText('Verification id'), ` ${ID} `);
    await userEvent.click(screen.getByRole('button', { name: 'Look up' }));

    expect(await screen.findByRole('heading', { name: 'Verification of +4915112345678' })).toBeTruthy();
    expect(screen.getByText('Wrong codes tried').nextSibling?.textContent).toBe('2 (3 left)');
    expect(screen.getByText('Channel of the last send').nextSibling?.textContent).toBe('provider');
    const sends = within(screen.getByRole('table', { name: 'Code messages sent' })).getAllByRole('row').slice(1);
    expect(sends.map((row) => within(row).getAllByRole('cell').slice(0, 4).map((cell) => cell.textContent))).toEqual([
      ['#1', 'failed', 'phone d-1', 'radio_off'],
      ['#2', 'delivered', 'provider twilio-us', '—'],
    ]);
    expect(screen.getByRole('link', { name: 'Message of send 2' }).getAttribute('href')).toBe('/messages/0190a6f2-7c3e-7abc-8def-0000000000b2');
    expect(api.calls.map((call) => `${call.method} ${call.path}`)).toEqual([`GET /v1/verifications/${ID}`]);

    await userEvent.click(screen.getByRole('button', { name: 'Cancel verification' }));
    expect(await screen.findByText('canceled')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel verification' })).toBeNull();
  });

  it("shows the API's problem detail for an id it does not know, and no call for what is not an id", async () => {
    const api = renderAt(`/verifications?id=${OTHER}`);
    expect((await screen.findByRole('alert')).textContent).toBe('No such verification in your organization.');

    await userEvent.clear(screen.getByLabelText('Verification id'));
    await userEvent.type(screen.getByLabelText('Verification id'), 'order-1234');
    await userEvent.click(screen.getByRole('button', { name: 'Look up' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/That is not a verification id/);
    expect(api.calls).toHaveLength(1);
  });
});
