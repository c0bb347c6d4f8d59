import { FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { minorUnits, money } from '../../components/money';
import { ProblemMessage } from '../../components/problem-message';
import { LedgerTable } from './ledger-table';

/** How long to wait between looks at the balance after Stripe sent the customer back, until its webhook credits the wallet. */
const AFTER_PAYMENT_REFETCH_MS = 3_000;

/** Where Stripe Checkout sends the customer back: BILLING_CHECKOUT_SUCCESS_URL / _CANCEL_URL end in `?checkout=success|canceled`. */
const RETURN_PARAM = 'checkout';

/** Leaving the app for Stripe's hosted page; a browser navigation the component tests watch instead. */
export type LeavePage = (url: string) => void;
const leaveForUrl: LeavePage = (url) => window.location.assign(url);

/**
 * The wallet: balance (`GET /v1/billing/balance`), its ledger (`GET /v1/billing/ledger`) and a top-up
 * through Stripe Checkout (`POST /v1/billing/checkout`, then the browser goes to the session's URL and
 * comes back to `/app/billing?checkout=success|canceled`).
 */
export function BillingPage({ leave = leaveForUrl }: { leave?: LeavePage }) {
  const [search, setSearch] = useSearchParams();
  const returned = search.get(RETURN_PARAM);
  const refetchInterval = returned === 'success' ? AFTER_PAYMENT_REFETCH_MS : undefined;
  const balance = useApiQuery(['billing', 'balance'], (api) => api.get('/v1/billing/balance'), { refetchInterval });
  const checkout = useApiMutation((api, amount: number) => api.post('/v1/billing/checkout', { amount }));
  const currency = balance.data?.currency ?? 'USD';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const amount = minorUnits(String(new FormData(event.currentTarget).get('amount')));
    checkout.mutate(amount, { onSuccess: (session) => leave(session.url) });
  }

  function dismissReturn() {
    const rest = new URLSearchParams(search);
    rest.delete(RETURN_PARAM);
    setSearch(rest, { replace: true });
  }

  return (
    <section aria-labelledby="billing-title">
      <h1 id="billing-title">Billing</h1>
      {(returned === 'success' || returned === 'canceled') && (
        <div role="status" className="secret">
          <p>
            {returned === 'success'
              ? 'Thank you: Stripe took the payment. The balance below shows it as soon as Stripe confirms it, usually within seconds.'
              : 'Top-up canceled: nothing was charged. You can start again below.'}
          </p>
          <button type="button" onClick={dismissReturn}>
            Dismiss
          </button>
        </div>
      )}
      <ProblemMessage error={balance.error} />
      <dl className="figures">
        <div>
          <dt>Available</dt>
          <dd aria-live="polite">{balance.data ? money(balance.data.available, currency) : '…'}</dd>
        </div>
        <div>
          <dt>Reserved for messages in flight</dt>
          <dd>{balance.data ? money(balance.data.reserved, currency) : '…'}</dd>
        </div>
        {balance.data?.allowance !== undefined && (
          <div>
            <dt>Verification allowance left</dt>
            <dd>{money(balance.data.allowance, currency)}</dd>
          </div>
        )}
        <div>
          <dt>Balance</dt>
          <dd>{balance.data ? money(balance.data.balance, currency) : '…'}</dd>
        </div>
      </dl>
      {balance.data && balance.data.available === 0 && <p>Your wallet is empty: add credit below before you send.</p>}
      <form onSubmit={submit}>
        <h2>Add credit</h2>
        <p>You pay on Stripe&apos;s page and come back here; the credit lands once Stripe confirms the payment.</p>
        <label>
          Amount ({currency})
          <input name="amount" type="number" min="0.01" step="0.01" required inputMode="decimal" placeholder="20.00" />
        </label>
        <ProblemMessage error={checkout.error} />
        <button type="submit" disabled={checkout.isPending}>
          Pay with Stripe
        </button>
      </form>
      <LedgerTable refetchInterval={refetchInterval} />
    </section>
  );
}
