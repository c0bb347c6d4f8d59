/**
 * @jest-environment jsdom
 */
import '../../testing/jsdom-text-encoding';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { ApiCall, fakeApi } from '../../testing/fake-api';
import { renderPage } from '../../testing/render-page';
import { MessagePage } from './message-page';
import { MessagesPage } from './messages-page';

const CAMPAIGN = '0190a6f2-7c3e-7abc-8def-0123456789c9';
const at = (second: number) => `2026-11-23T12:00:${String(second).padStart(2, '0')}.000Z`;

type FakeMessage = Record<string, unknown> & { id: string; status: string; history?: object[] };

function message(index: number, extra: Record<string, unknown> = {}): FakeMessage {
  return {
    id: `0190a6f2-7c3e-7abc-8def-0000000000${String(index).padStart(2, '0')}`,
    to: `+1415555010${index}`,
    country: 'US',
    body: `Order ${index} shipped`,
    type: 'transactional',
    status: 'delivered',
    routePreference: 'auto',
    encoding: 'GSM-7',
    segments: 1,
    price: 6,
    currency: 'USD',
    createdAt: at(index),
    updatedAt: at(index),
    ...extra,
  };
}

/** The list in pages of two, newest first; a filter on status narrows it as the API would. */
function messagesApi(messages: FakeMessage[]) {
  return fakeApi((call: ApiCall) => {
    if (call.method !== 'GET' || call.path !== '/v1/messages') return undefined;
    const status = call.query.get('status');
    if (status === 'bogus') return { status: 400, body: { code: 'validation_failed', detail: 'status: must be a message status.' } };
    const matching = messages.filter((item) => !status || item.status === status);
    const start = Number(call.query.get('cursor') ?? 0);
    const next = start + 2 < matching.length ? String(start + 2) : undefined;
    return { status: 200, body: { items: matching.slice(start, start + 2), nextCursor: next } };
  });
}

function renderAt(address: string, api: ReturnType<typeof fakeApi>) {
  return renderPage(
    <MemoryRouter initialEntries={[address]}>
      <Routes>
        <Route path="/messages" element={<MessagesPage />} />
        <Route path="/messages/:id" element={<MessagePage />} />
      </Routes>
    </MemoryRouter>,
    api,
  );
}

const listCalls = (api: ReturnType<typeof fakeApi>) => api.callsTo('GET', '/v1/messages').map((call) => Object.fromEntries(call.query));

describe('the messages page', () => {
  it('says how to send one when there is no message yet', async () => {
    renderAt('/messages', messagesApi([]));
    expect(await screen.findByText(/No messages yet: send one with POST \/v1\/messages/)).toBeTruthy();
  });

  it('sends the chosen filters as the API’s query parameters, a day range as local midnights', async () => {
    const api = renderAt('/messages', messagesApi([]));
    await screen.findByText(/No messages yet/);

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'failed');
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'otp');
    await userEvent.type(screen.getByLabelText('Phone number'), '+14155550123');
    await userEvent.type(screen.getByLabelText('Campaign id'), CAMPAIGN);
    await userEvent.type(screen.getByLabelText('Created from'), '2026-11-01');
    await userEvent.type(screen.getByLabelText('Created until'), '2026-11-30');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));

    expect(await screen.findByText(/No message matches these filters/)).toBeTruthy();
    expect(listCalls(api).at(-1)).toEqual({
      limit: '50',
      status: 'failed',
      type: 'otp',
      to: '+14155550123',
      campaignId: CAMPAIGN,
      from: new Date(2026, 10, 1).toISOString(),
      until: new Date(2026, 11, 1).toISOString(),
    });

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByText(/No messages yet/)).toBeTruthy();
    expect(listCalls(api).at(-1)).toEqual({ limit: '50' });
  });

  it('loads the next page with the cursor and the same filters, until there is none', async () => {
    const api = renderAt('/messages?status=delivered', messagesApi([1, 2, 3].map((index) => message(index))));
    const table = await screen.findByRole('table', { name: /Messages matching the filters/ });
    expect(within(table).getAllByRole('row')).toHaveLength(3);

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByRole('cell', { name: 'Order 3 shipped' })).toBeTruthy();
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(listCalls(api)).toEqual([
      { limit: '50', status: 'delivered' },
      { limit: '50', status: 'delivered', cursor: '2' },
    ]);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Message to +14155550101, delivered' }).getAttribute('href')).toBe(`/messages/${message(1).id}`);
  });

  it("shows the API's problem detail when the list is refused", async () => {
    renderAt('/messages?status=bogus', messagesApi([]));
    expect((await screen.findByRole('alert')).textContent).toBe('status: must be a message status.');
  });
});

describe('the message page', () => {
  const history = [
    { status: 'queued', at: at(1) },
    { status: 'routing', at: at(2) },
    { status: 'sent', at: at(3), route: 'provider', provider: 'twilio-us', providerMessageId: 'SM1' },
    { status: 'failed', at: at(9), route: 'provider', provider: 'twilio-us', errorCode: 'invalid_number' },
  ];

  it('shows the message and every status it went through, in order, with its time and carrier', async () => {
    const failed = message(4, { status: 'failed', errorCode: 'invalid_number', provider: 'twilio-us', campaignId: CAMPAIGN, history });
    const api = renderAt(`/messages/${failed.id}`, fakeApi((call) => (call.path === `/v1/messages/${failed.id}` ? { status: 200, body: failed } : undefined)));

    expect(await screen.findByRole('heading', { name: 'Message to +14155550104' })).toBeTruthy();
    const steps = within(screen.getByRole('table', { name: 'Status history' })).getAllByRole('row').slice(1);
    expect(steps.map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent))).toEqual([
      ['queued', new Date(at(1)).toLocaleString(), '—', '—'],
      ['routing', new Date(at(2)).toLocaleString(), '—', '—'],
      ['sent', new Date(at(3)).toLocaleString(), 'provider twilio-us', '—'],
      ['failed', new Date(at(9)).toLocaleString(), 'provider twilio-us', 'invalid_number'],
    ]);
    expect(screen.getByRole('link', { name: CAMPAIGN }).getAttribute('href')).toBe(`/campaigns/${CAMPAIGN}`);
    expect(screen.queryByRole('button', { name: 'Cancel message' })).toBeNull();
    expect(api.calls.map((call) => `${call.method} ${call.path}`)).toEqual([`GET /v1/messages/${failed.id}`]);
  });

  it('cancels a scheduled message and shows its history read again', async () => {
    let scheduled = message(5, { status: 'scheduled', scheduleAt: at(59), history: [{ status: 'scheduled', at: at(5) }] });
    const api = renderAt(
      `/messages/${scheduled.id}`,
      fakeApi((call) => {
        if (call.method === 'GET' && call.path === `/v1/messages/${scheduled.id}`) return { status: 200, body: scheduled };
        if (call.method !== 'POST' || call.path !== `/v1/messages/${scheduled.id}/cancel`) return undefined;
        scheduled = { ...scheduled, status: 'canceled', history: [...(scheduled.history ?? []), { status: 'canceled', at: at(6) }] };
        return { status: 200, body: { ...scheduled, history: undefined } };
      }),
    );

    await userEvent.click(await screen.findByRole('button', { name: 'Cancel message' }));
    expect(await screen.findByRole('cell', { name: 'canceled' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel message' })).toBeNull();
    expect(api.callsTo('POST', `/v1/messages/${scheduled.id}/cancel`)).toHaveLength(1);
  });

  it('redacts the text of a delivered message only once confirmed, and shows it redacted', async () => {
    let delivered = message(6, { status: 'delivered', body: 'Your PIN is 4321', history: [{ status: 'delivered', at: at(7) }] });
    const api = renderAt(
      `/messages/${delivered.id}`,
      fakeApi((call) => {
        if (call.method === 'GET' && call.path === `/v1/messages/${delivered.id}`) return { status: 200, body: delivered };
        if (call.method !== 'POST' || call.path !== `/v1/messages/${delivered.id}/redact`) return undefined;
        delivered = { ...delivered, body: '' };
        return { status: 200, body: delivered };
      }),
    );

    expect(await screen.findByText('Your PIN is 4321')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel message' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Redact text' }));
    await userEvent.click(within(screen.getByRole('group', { name: 'Confirm redaction' })).getByRole('button', { name: 'Keep it' }));
    expect(api.callsTo('POST', `/v1/messages/${delivered.id}/redact`)).toHaveLength(0);
    expect(screen.getByText('Your PIN is 4321')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Redact text' }));
    await userEvent.click(screen.getByRole('button', { name: 'Erase the text' }));
    expect(await screen.findByText('Text redacted')).toBeTruthy();
    expect(screen.queryByText('Your PIN is 4321')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Redact text' })).toBeNull();
    expect(api.callsTo('POST', `/v1/messages/${delivered.id}/redact`)).toHaveLength(1);
  });
});
