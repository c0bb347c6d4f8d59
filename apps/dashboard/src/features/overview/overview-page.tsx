import { lazy, Suspense, useMemo } from 'react';
import { useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { money } from '../../components/money';
import { dailyTrends, trendWindow } from './daily-trends';

const TimeChart = lazy(() => import('../../components/time-chart'));

const TREND_DAYS = 30;
const PERCENT_RANGE = [0, 100] as const;

function startOfToday(): string {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

const summaryPath = (window: { from: string; to: string }, groupBy?: 'day'): `/v1/analytics/summary?${string}` =>
  `/v1/analytics/summary?from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}${groupBy ? `&groupBy=${groupBy}` : ''}`;

const percent = (rate: number) => `${Math.round(rate * 1_000) / 10}%`;

/** Delivery rate and cost a day over the last 30 days: `GET /v1/analytics/summary?groupBy=day`, charts loaded lazily. */
function Trends({ walletCurrency }: { walletCurrency: string }) {
  const window = useMemo(() => trendWindow(new Date(), TREND_DAYS), []);
  const summary = useApiQuery(['analytics', 'days', window.from], (api) => api.get(summaryPath(window, 'day')), { refetchInterval: 60_000 });
  const charts = useMemo(() => {
    if (!summary.data) return undefined;
    const trends = dailyTrends(summary.data.groups, window);
    return { rate: { at: trends.at, values: trends.deliveryRate }, cost: { at: trends.at, values: trends.cost } };
  }, [summary.data, window]);
  // The summary names no currency when the window holds no priced message.
  const currency = summary.data?.currency || walletCurrency;
  return (
    <section aria-labelledby="trends-title">
      <h2 id="trends-title">Last {TREND_DAYS} days</h2>
      <ProblemMessage error={summary.error} />
      <dl className="figures">
        <div>
          <dt>Delivery rate</dt>
          <dd>{summary.data ? (summary.data.totals.sent > 0 ? percent(summary.data.totals.deliveryRate) : 'nothing sent') : '…'}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{summary.data ? money(summary.data.totals.cost, currency) : '…'}</dd>
        </div>
      </dl>
      {charts && (
        <Suspense fallback={null}>
          <div className="charts">
            <figure>
              <figcaption>Delivery rate by day (%)</figcaption>
              <TimeChart
                label={`Delivery rate by day over the last ${TREND_DAYS} days, in percent`}
                series="delivered %"
                data={charts.rate}
                range={PERCENT_RANGE}
                formatValue={(value) => `${value}%`}
              />
            </figure>
            <figure>
              <figcaption>Cost by day</figcaption>
              <TimeChart
                label={`Cost by day over the last ${TREND_DAYS} days, in ${currency}`}
                series={currency}
                color="#12355b"
                data={charts.cost}
                formatValue={(value) => money(value, currency)}
              />
            </figure>
          </div>
        </Suspense>
      )}
    </section>
  );
}

/** Balance and today's figures (`GET /v1/billing/balance`, `GET /v1/analytics/summary`), then the trends. */
export function OverviewPage() {
  const balance = useApiQuery(['billing', 'balance'], (api) => api.get('/v1/billing/balance'), { refetchInterval: 10_000 });
  const today = useApiQuery(['analytics', 'today'], (api) => api.get(summaryPath({ from: startOfToday(), to: new Date(Date.now() + 60_000).toISOString() })));
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <ProblemMessage error={balance.error ?? today.error} />
      <dl className="figures">
        <div>
          <dt>Available balance</dt>
          <dd aria-live="polite">{balance.data ? money(balance.data.available, balance.data.currency) : '…'}</dd>
        </div>
        <div>
          <dt>Reserved</dt>
          <dd>{balance.data ? money(balance.data.reserved, balance.data.currency) : '…'}</dd>
        </div>
        <div>
          <dt>Messages today</dt>
          <dd>{today.data ? today.data.totals.messages : '…'}</dd>
        </div>
        <div>
          <dt>Delivered today</dt>
          <dd>{today.data ? today.data.totals.delivered : '…'}</dd>
        </div>
        <div>
          <dt>Verifications today</dt>
          <dd>{today.data ? today.data.totals.otpSent : '…'}</dd>
        </div>
      </dl>
      {balance.data && balance.data.available === 0 && <p>Your wallet is empty: add credit before you send.</p>}
      <Trends walletCurrency={balance.data?.currency ?? 'USD'} />
    </section>
  );
}
