import { useState } from 'react';
import { Schema } from '@zagel/sdk';
import { useApiQuery } from '../../api/use-api';
import { listQuery, useCursorPages } from '../../api/use-cursor-pages';
import { PageControls } from '../../components/page-controls';
import { ProblemMessage } from '../../components/problem-message';
import { TableScroll } from '../../components/table-scroll';

type DeliveryStatus = Schema<'WebhookDeliveryView'>['status'];
const STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'failed', 'skipped'];
export const DELIVERIES_PAGE_SIZE = 25;
const REFETCH_MS = 10_000;

/** What the endpoint answered last: its HTTP status, else why it could not be reached. */
function lastAnswer(delivery: Schema<'WebhookDeliveryView'>): string {
  if (delivery.lastStatusCode !== undefined) return `HTTP ${delivery.lastStatusCode}`;
  return delivery.lastError ?? '—';
}

/** Callback deliveries, newest first, with their attempts: `GET /v1/webhooks/deliveries?limit&cursor&status`. */
export function WebhookDeliveriesTable() {
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const pages = useCursorPages();
  const deliveries = useApiQuery(
    ['webhooks', 'deliveries', status, pages.cursor],
    (api) => api.get(`/v1/webhooks/deliveries${listQuery(pages, DELIVERIES_PAGE_SIZE, { status })}`),
    { refetchInterval: REFETCH_MS },
  );
  const items = deliveries.data?.items ?? [];

  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      <div className="filters">
        <label>
          Delivery status
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as DeliveryStatus | '');
              pages.restart();
            }}
          >
            <option value="">Any</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ProblemMessage error={deliveries.error} />
      {deliveries.data && items.length === 0 && (
        <p>{status || pages.number > 1 ? 'No delivery here: choose another status or go back a page.' : 'No callback sent yet: set a callback URL above, then send a message.'}</p>
      )}
      {items.length > 0 && (
        <TableScroll label="Callback deliveries">
          <table>
            <caption>Callback deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">URL</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Next attempt</th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{new Date(delivery.createdAt).toLocaleString()}</td>
                  <td>{delivery.event}</td>
                  <td>{delivery.url}</td>
                  <td>{delivery.status}</td>
                  <td>{delivery.attempts}</td>
                  <td>{lastAnswer(delivery)}</td>
                  <td>{delivery.nextAttemptAt ? new Date(delivery.nextAttemptAt).toLocaleString() : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <PageControls pages={pages} nextCursor={deliveries.data?.nextCursor} label="Deliveries" />
    </section>
  );
}
