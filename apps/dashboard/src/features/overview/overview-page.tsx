import { useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { money } from '../../components/money';

function startOfToday(): string {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

/** Balance and today's figures: `GET /v1/billing/balance`, `GET /v1/analytics/summary`. */
export function OverviewPage() {
  const balance = useApiQuery(['billing', 'balance'], (api) => api.get('/v1/billing/balance'), { refetchInterval: 10_000 });
  const today = useApiQuery(['analytics', 'today'], (api) =>
    api.get(`/v1/analytics/summary?from=${encodeURIComponent(startOfToday())}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`),
  );
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
    </section>
  );
}
