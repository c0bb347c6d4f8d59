import { dailyTrends, trendWindow } from './daily-trends';

const figures = { messages: 0, sent: 0, delivered: 0, failed: 0, deliveryRate: 0, segments: 0, cost: 0, otpSent: 0, otpVerified: 0, otpConversionRate: 0 };

describe('the overview trends', () => {
  it('cover whole UTC days ending with today', () => {
    expect(trendWindow(new Date('2026-12-03T23:30:00-05:00'), 3)).toEqual({ from: '2026-12-02T00:00:00.000Z', to: '2026-12-05T00:00:00.000Z' });
    expect(trendWindow(new Date('2026-12-03T00:00:00Z'), 1)).toEqual({ from: '2026-12-03T00:00:00.000Z', to: '2026-12-04T00:00:00.000Z' });
  });

  it('give every day a point: the rate in percent, a gap where nothing was sent, no cost on a quiet day', () => {
    const window = trendWindow(new Date('2026-12-03T12:00:00Z'), 4);
    const trends = dailyTrends(
      [
        { ...figures, key: '2026-12-01', messages: 8, sent: 8, delivered: 7, deliveryRate: 0.875, cost: 480 },
        { ...figures, key: '2026-12-02', messages: 2, sent: 0, failed: 2, cost: 0 },
        { ...figures, key: '2026-12-03', messages: 3, sent: 3, delivered: 2, deliveryRate: 2 / 3, cost: 180 },
      ],
      window,
    );
    expect(trends.at).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'].map((day) => Date.parse(`${day}T00:00:00Z`) / 1_000));
    expect(trends.deliveryRate).toEqual([null, 87.5, null, 66.7]);
    expect(trends.cost).toEqual([0, 480, 0, 180]);
  });

  it('ignore rows outside the window', () => {
    const trends = dailyTrends([{ ...figures, key: '2026-10-01', sent: 1, delivered: 1, deliveryRate: 1, cost: 60 }], trendWindow(new Date('2026-12-03T12:00:00Z'), 2));
    expect(trends).toEqual({ at: [Date.parse('2026-12-02T00:00:00Z') / 1_000, Date.parse('2026-12-03T00:00:00Z') / 1_000], deliveryRate: [null, null], cost: [0, 0] });
  });
});
