/**
 * @jest-environment jsdom
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage as renderPageWith } from '../../testing/render-page';
import { PlatformPage, perSecond } from './platform-page';

// uPlot draws on a canvas jsdom does not have: the chart's library (not our code) is replaced by a recorder.
const drawn: unknown[][] = [];
jest.mock('uplot', () =>
  jest.fn().mockImplementation(() => ({ setData: (data: unknown[]) => drawn.push(data), destroy: () => undefined })),
);
jest.mock('uplot/dist/uPlot.min.css', () => ({}));

const samples = Array.from({ length: 60 }, (_, index) => ({ at: new Date(Date.UTC(2026, 10, 23, 12, 0, index * 5)).toISOString(), perSecond: index === 59 ? 12.5 : 2 }));

function fakeApi(status = 200) {
  const answer = (code: number, body: unknown) => ({
    status: code,
    headers: { get: (name: string) => (name === 'content-type' ? (code >= 400 ? 'application/problem+json' : 'application/json') : null) },
    text: async () => JSON.stringify(body),
  });
  const fetch = jest.fn(async (url: string) => {
    if (new URL(url).pathname !== '/v1/admin/platform') return answer(404, { code: 'not_found', detail: 'no such page' });
    if (status !== 200) return answer(status, { code: 'forbidden', detail: 'Only platform operators may do this.' });
    return answer(200, {
      checkedAt: '2026-11-23T12:05:00.000Z',
      queues: [
        { name: 'zagel.ingestion.bulk', service: 'ingestion', kind: 'work', messages: 0, consumers: 2 },
        { name: 'zagel.billing.live', service: 'billing', kind: 'work', messages: 40, consumers: 1 },
        { name: 'zagel.billing.live.dead', service: 'billing', kind: 'dead', messages: 3, consumers: 0 },
        { name: 'zagel.ingestion.rpc', service: 'ingestion', kind: 'rpc', messages: 0, consumers: 1 },
      ],
      messageRate: { windowSeconds: 300, bucketSeconds: 5, messages: 652, perSecond: 652 / 300, samples },
    });
  });
  return { fetch };
}

describe("the operator's platform page", () => {
  beforeEach(() => drawn.splice(0));

  it('shows the rate now and over the window, draws every sample, and lists queues with dead letters first', async () => {
    renderPageWith(<PlatformPage />, fakeApi());
    const table = await screen.findByRole('table', { name: /^Bus queues/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0].textContent)).toEqual([
      'zagel.billing.live.dead',
      'zagel.billing.live',
      'zagel.ingestion.bulk',
      'zagel.ingestion.rpc',
    ]);
    expect(within(rows[0]).getByRole('cell', { name: 'dead letters' })).toBeTruthy();
    expect(screen.getByText('Messages/s now').nextSibling?.textContent).toBe('13');
    expect(screen.getByText('Messages/s, last 5 min').nextSibling?.textContent).toBe('2.2');
    expect(screen.getByText('Dead letters').nextSibling?.textContent).toBe('3');

    await screen.findByRole('img', { name: /Messages accepted per second over the last 5 minutes/ });
    expect(drawn.at(-1)).toEqual([samples.map((sample) => Date.parse(sample.at) / 1_000), samples.map((sample) => sample.perSecond)]);

    await userEvent.click(screen.getByLabelText('Only queues with messages waiting'));
    expect(within(table).getAllByRole('row')).toHaveLength(3);
  });

  it("shows the API's refusal readably", async () => {
    renderPageWith(<PlatformPage />, fakeApi(403));
    expect((await screen.findByRole('alert')).textContent).toBe('Only platform operators may do this.');
  });
});

describe('perSecond', () => {
  it('keeps one decimal under 10 and whole numbers above', () => {
    expect(perSecond(0)).toBe('0.0');
    expect(perSecond(2.17)).toBe('2.2');
    expect(perSecond(12.5)).toBe('13');
  });
});
