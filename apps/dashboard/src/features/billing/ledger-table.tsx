import { useState } from 'react';
import { Schema } from '@zagel/sdk';
import { useApiQuery } from '../../api/use-api';
import { listQuery, useCursorPages } from '../../api/use-cursor-pages';
import { money } from '../../components/money';
import { PageControls } from '../../components/page-controls';
import { ProblemMessage } from '../../components/problem-message';
import { TableScroll } from '../../components/table-scroll';

type LedgerKind = Schema<'LedgerEntryView'>['kind'];

const KIND_NAMES: Record<LedgerKind, string> = {
  capture: 'Messages',
  stripe_top_up: 'Top-up',
  stripe_refund: 'Refund',
  adjustment: 'Adjustment',
  reward: 'Reward',
};

export const LEDGER_PAGE_SIZE = 25;

/** The wallet's movements, newest first, a page at a time: `GET /v1/billing/ledger?limit&cursor&kind`. */
export function LedgerTable({ refetchInterval }: { refetchInterval?: number }) {
  const [kind, setKind] = useState<LedgerKind | ''>('');
  const pages = useCursorPages();
  const ledger = useApiQuery(['billing', 'ledger', kind, pages.cursor], (api) => api.get(`/v1/billing/ledger${listQuery(pages, LEDGER_PAGE_SIZE, { kind })}`), {
    refetchInterval,
  });
  const entries = ledger.data?.items ?? [];

  return (
    <section aria-labelledby="ledger-title">
      <h2 id="ledger-title">Ledger</h2>
      <div className="filters">
        <label>
          Kind of movement
          <select
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as LedgerKind | '');
              pages.restart();
            }}
          >
            <option value="">Any</option>
            {Object.entries(KIND_NAMES).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ProblemMessage error={ledger.error} />
      {ledger.data && entries.length === 0 && (
        <p>{kind || pages.number > 1 ? 'No movements here: choose another kind or go back a page.' : 'No movements yet: add credit below, then send your first message.'}</p>
      )}
      {entries.length > 0 && (
        <TableScroll label="Wallet movements">
          <table>
            <caption>Wallet movements, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Amount</th>
                <th scope="col">Balance after</th>
                <th scope="col">For</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{new Date(entry.createdAt).toLocaleString()}</td>
                  <td>{KIND_NAMES[entry.kind]}</td>
                  <td>{money(entry.amount, entry.currency)}</td>
                  <td>{money(entry.balanceAfter, entry.currency)}</td>
                  <td>{entry.description ?? entry.reference}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <PageControls pages={pages} nextCursor={ledger.data?.nextCursor} label="Ledger" />
    </section>
  );
}
