/**
 * @jest-environment jsdom
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi } from '../../testing/fake-api';
import { renderPage } from '../../testing/render-page';
import { OptOutsPage } from './opt-outs-page';

interface OptOut {
  phoneNumber: string;
  reason?: string;
  createdAt: string;
}

const NATIONAL_PREFIX: Record<string, string> = { EG: '+20' };

/** The API as this page sees it: a list paged by number, numbers added (E.164, or national with a country) and removed. */
function optOutsApi(stored: OptOut[] = []) {
  const optOuts = [...stored];
  return fakeApi((call) => {
    if (call.method === 'GET' && call.path === '/v1/opt-outs') {
      const limit = Number(call.query.get('limit') ?? 50);
      const cursor = call.query.get('cursor');
      const start = cursor ? optOuts.findIndex((optOut) => optOut.phoneNumber === cursor) + 1 : 0;
      const items = optOuts.slice(start, start + limit);
      return { status: 200, body: { items, ...(start + limit < optOuts.length ? { nextCursor: items.at(-1)!.phoneNumber } : {}) } };
    }
    if (call.method === 'POST' && call.path === '/v1/opt-outs') {
      const { phoneNumber, defaultCountry, reason } = call.body as { phoneNumber: string; defaultCountry?: string; reason?: string };
      const e164 = phoneNumber.startsWith('+') ? phoneNumber : defaultCountry && NATIONAL_PREFIX[defaultCountry] ? `${NATIONAL_PREFIX[defaultCountry]}${phoneNumber.replace(/^0/, '')}` : undefined;
      if (!e164) return { status: 422, body: { code: 'invalid_phone_number', detail: `${phoneNumber} is not a phone number: give it in E.164 or with its country.` } };
      const added = { phoneNumber: e164, ...(reason ? { reason } : {}), createdAt: '2026-11-30T12:00:00.000Z' };
      optOuts.unshift(added);
      return { status: 201, body: added };
    }
    const removed = call.method === 'DELETE' && /^\/v1\/opt-outs\/(.+)$/.exec(call.path);
    if (removed) {
      const index = optOuts.findIndex((optOut) => optOut.phoneNumber === decodeURIComponent(removed[1]));
      if (index >= 0) optOuts.splice(index, 1);
      return { status: 204 };
    }
    return undefined;
  });
}

const numbersShown = async () =>
  within(await screen.findByRole('table', { name: 'Opted-out numbers' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0].textContent);

describe('the opt-outs page', () => {
  it('says what to do when no number opted out, adds one, then removes it', async () => {
    const api = renderPage(<OptOutsPage />, optOutsApi());
    expect(await screen.findByText(/No number has opted out/)).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Phone number'), '+14155550123');
    await userEvent.type(screen.getByLabelText('Reason (optional)'), 'asked by phone');
    await userEvent.click(screen.getByRole('button', { name: 'Add opt-out' }));

    expect(await numbersShown()).toEqual(['+14155550123']);
    expect(api.callsTo('POST', '/v1/opt-outs').map((call) => call.body)).toEqual([{ phoneNumber: '+14155550123', reason: 'asked by phone' }]);
    expect(screen.getByRole('status').textContent).toBe('+14155550123 will get no more promotional messages.');
    expect(screen.getByLabelText<HTMLInputElement>('Phone number').value).toBe('');

    await userEvent.click(screen.getByRole('button', { name: 'Remove +14155550123' }));
    expect(await screen.findByText(/No number has opted out/)).toBeTruthy();
    expect(api.calls.filter((call) => call.method === 'DELETE').map((call) => call.path)).toEqual(['/v1/opt-outs/%2B14155550123']);
    expect(screen.getByRole('status').textContent).toBe('+14155550123 can receive promotional messages again.');
  });

  it('sends a national number with its country, upper-cased', async () => {
    const api = renderPage(<OptOutsPage />, optOutsApi());
    await userEvent.type(await screen.findByLabelText('Phone number'), '01001234567');
    await userEvent.type(screen.getByLabelText('Country of a national number (two letters, optional)'), 'eg');
    await userEvent.click(screen.getByRole('button', { name: 'Add opt-out' }));
    expect(await numbersShown()).toEqual(['+201001234567']);
    expect(api.callsTo('POST', '/v1/opt-outs')[0].body).toEqual({ phoneNumber: '01001234567', defaultCountry: 'EG' });
  });

  it("shows the API's problem detail when a number is refused", async () => {
    renderPage(<OptOutsPage />, optOutsApi());
    await userEvent.type(await screen.findByLabelText('Phone number'), '01001234567');
    await userEvent.click(screen.getByRole('button', { name: 'Add opt-out' }));
    expect((await screen.findByRole('alert')).textContent).toBe('01001234567 is not a phone number: give it in E.164 or with its country.');
  });

  it('pages through a long list with the cursor the API answered', async () => {
    const many = Array.from({ length: 60 }, (_, index) => ({ phoneNumber: `+1415555${String(index).padStart(4, '0')}`, createdAt: '2026-11-30T12:00:00.000Z' }));
    const api = renderPage(<OptOutsPage />, optOutsApi(many));
    // Text queries here: role queries over a 50-row table take seconds each in jsdom.
    expect(await screen.findByText('+14155550049')).toBeTruthy();
    expect(screen.queryByText('+14155550050')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('+14155550059')).toBeTruthy();
    expect(screen.queryByText('+14155550049')).toBeNull();
    expect(api.callsTo('GET', '/v1/opt-outs').at(-1)?.query.get('cursor')).toBe('+14155550049');
  });
});
