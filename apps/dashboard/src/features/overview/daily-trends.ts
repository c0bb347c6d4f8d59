import type { Schema } from '@zagel/sdk';

type AnalyticsGroup = Schema<'AnalyticsGroup'>;

const DAY_MS = 86_400_000;

/** The window of whole UTC days (the API groups by UTC day) ending with today: [from, to). */
export function trendWindow(now: Date, days: number): { from: string; to: string } {
  const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  return { from: new Date(tomorrow - days * DAY_MS).toISOString(), to: new Date(tomorrow).toISOString() };
}

/** One point a day, x in seconds since the epoch, as the charts take them. */
export interface DailyTrends {
  at: number[];
  /** Delivered / sent in percent; null on a day nothing was sent (a gap, not a 0% day). */
  deliveryRate: (number | null)[];
  /** Minor units. */
  cost: number[];
}

/**
 * `GET /v1/analytics/summary?groupBy=day` answers only the days that had messages, keyed
 * `YYYY-MM-DD`: every day of the window gets a point, the quiet ones none sent and nothing spent.
 */
export function dailyTrends(groups: readonly AnalyticsGroup[], window: { from: string; to: string }): DailyTrends {
  const byDay = new Map(groups.map((group) => [group.key, group]));
  const trends: DailyTrends = { at: [], deliveryRate: [], cost: [] };
  for (let day = Date.parse(window.from); day < Date.parse(window.to); day += DAY_MS) {
    const figures = byDay.get(new Date(day).toISOString().slice(0, 10));
    trends.at.push(day / 1_000);
    trends.deliveryRate.push(figures && figures.sent > 0 ? Math.round(figures.deliveryRate * 1_000) / 10 : null);
    trends.cost.push(figures?.cost ?? 0);
  }
  return trends;
}
