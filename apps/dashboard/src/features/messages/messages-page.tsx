import { Link, useSearchParams } from 'react-router';
import { Schema } from '@zagel/sdk';
import { useApiPages } from '../../api/use-api-pages';
import { ProblemMessage } from '../../components/problem-message';
import { FilterForm } from '../../components/filter-form';
import { filtersFromSearch, MessageFilters, messagesUrl, searchFromFilters } from './message-filters';
import { TableScroll } from '../../components/table-scroll';

type Status = Schema<'MessageView'>['status'];
type MessageType = Schema<'MessageView'>['type'];
export const MESSAGE_STATUSES: Status[] = ['queued', 'scheduled', 'routing', 'sent', 'delivered', 'failed', 'undelivered', 'canceled', 'expired'];
const MESSAGE_TYPES: MessageType[] = ['otp', 'transactional', 'promotional'];

function FiltersForm({ filters, onApply }: { filters: MessageFilters; onApply: (filters: MessageFilters) => void }) {
  return (
    <FilterForm label="Filter messages" current={searchFromFilters(filters)} onApply={(search) => onApply(filtersFromSearch(search))}>
      <label>
        Status
        <select name="status" defaultValue={filters.status ?? ''}>
          <option value="">Any</option>
          {MESSAGE_STATUSES.map((status) => (
            <option key={status}>{status}</option>
          ))}
        </select>
      </label>
      <label>
        Type
        <select name="type" defaultValue={filters.type ?? ''}>
          <option value="">Any</option>
          {MESSAGE_TYPES.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
      </label>
      <label>
        Phone number
        <input name="to" type="tel" defaultValue={filters.to} placeholder="+14155550123" />
      </label>
      <label>
        Campaign id
        <input name="campaignId" defaultValue={filters.campaignId} />
      </label>
      <label>
        Your reference
        <input name="clientReference" defaultValue={filters.clientReference} />
      </label>
      <label>
        Created from
        <input name="fromDay" type="date" defaultValue={filters.fromDay} />
      </label>
      <label>
        Created until
        <input name="untilDay" type="date" defaultValue={filters.untilDay} />
      </label>
    </FilterForm>
  );
}

/**
 * Messages: `GET /v1/messages` with the filters the API takes (status, type, to, campaignId,
 * clientReference, from/until), newest first, 50 at a time with "Load more" (`cursor`). The filters
 * live in the page address.
 */
export function MessagesPage() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const filtered = Object.keys(filters).length > 0;
  const messages = useApiPages(['messages', filters], (api, cursor) => api.get(messagesUrl(filters, cursor)));

  return (
    <section aria-labelledby="messages-title">
      <h1 id="messages-title">Messages</h1>
      <FiltersForm filters={filters} onApply={(next) => setSearch(searchFromFilters(next))} />
      <ProblemMessage error={messages.error} />
      {messages.items?.length === 0 &&
        (filtered ? (
          <p>No message matches these filters: widen the dates or clear the filters.</p>
        ) : (
          <p>No messages yet: send one with POST /v1/messages (an API key from the API keys page) or start a campaign.</p>
        ))}
      {messages.items && messages.items.length > 0 && (
        <TableScroll label="Messages">
          <table>
            <caption>{filtered ? 'Messages matching the filters' : 'Your messages'}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col">Type</th>
                <th scope="col">Message</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {messages.items.map((message) => (
                <tr key={message.id}>
                  <td>
                    <Link to={`/messages/${message.id}`} aria-label={`Message to ${message.to}, ${message.status}`}>
                      {message.to}
                    </Link>
                  </td>
                  <td>{message.status}</td>
                  <td>{message.type}</td>
                  <td className="clip">{message.body}</td>
                  <td>{new Date(message.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {messages.hasMore && (
        <button type="button" onClick={messages.loadMore} disabled={messages.loadingMore}>
          Load more
        </button>
      )}
    </section>
  );
}
