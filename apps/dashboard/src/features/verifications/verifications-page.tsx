import { FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useApiPages } from '../../api/use-api-pages';
import { ProblemMessage } from '../../components/problem-message';
import { FilterForm } from '../../components/filter-form';
import { TableScroll } from '../../components/table-scroll';
import { isVerificationId, sendChannel, Verification, VERIFICATION_STATUSES, verificationStatus } from './verification-display';

const PAGE_SIZE = 50;

/** What the list is narrowed to; each is a query parameter of `GET /v1/verifications` and of the page address. */
interface VerificationFilters {
  status?: string;
  to?: string;
}

function filtersFromSearch(search: URLSearchParams): VerificationFilters {
  const filters: VerificationFilters = {};
  for (const field of ['status', 'to'] as const) {
    const value = search.get(field)?.trim();
    if (value) filters[field] = value;
  }
  return filters;
}

function verificationsUrl(filters: VerificationFilters, cursor?: string): `/v1/verifications?${string}` {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...filters });
  if (cursor) query.set('cursor', cursor);
  return `/v1/verifications?${query.toString()}`;
}

function FiltersForm({ filters, onApply }: { filters: VerificationFilters; onApply: (filters: VerificationFilters) => void }) {
  return (
    <FilterForm label="Filter verifications" current={new URLSearchParams({ ...filters })} onApply={(search) => onApply(filtersFromSearch(search))}>
      <label>
        Status
        <select name="status" defaultValue={filters.status ?? ''}>
          <option value="">Any</option>
          {VERIFICATION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {verificationStatus(status)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Phone number
        <input name="to" type="tel" defaultValue={filters.to} placeholder="+4915112345678" />
      </label>
    </FilterForm>
  );
}

/** Straight to a verification by the id `POST /v1/verifications` answered. */
function LookupForm() {
  const navigate = useNavigate();
  const [notAnId, setNotAnId] = useState(false);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget).get('id')).trim();
    setNotAnId(!isVerificationId(id));
    if (isVerificationId(id)) void navigate(`/verifications/${id}`);
  }
  return (
    <form onSubmit={submit} aria-label="Look up a verification">
      <label>
        Verification id
        <input name="id" required placeholder="0190a6f2-7c3e-7abc-8def-0123456789b0" autoComplete="off" />
      </label>
      <button type="submit">Look up</button>
      {notAnId && (
        <p role="alert" className="problem">
          That is not a verification id: ids look like 0190a6f2-7c3e-7abc-8def-0123456789b0.
        </p>
      )}
    </form>
  );
}

function VerificationRow({ verification }: { verification: Verification }) {
  const last = verification.sends.at(-1);
  return (
    <tr>
      <td>
        <Link to={`/verifications/${verification.id}`} aria-label={`Verification of ${verification.to}, ${verificationStatus(verification.status)}`}>
          {verification.to}
        </Link>
      </td>
      <td data-status={verification.status}>{verificationStatus(verification.status)}</td>
      <td>{last ? sendChannel(last) : verification.route}</td>
      <td>{verification.attempts}</td>
      <td>{verification.sendCount}</td>
      <td>{new Date(verification.createdAt).toLocaleString()}</td>
    </tr>
  );
}

function VerificationsList() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const filtered = Object.keys(filters).length > 0;
  const verifications = useApiPages(['verifications', 'list', filters], (api, cursor) => api.get(verificationsUrl(filters, cursor)));

  return (
    <section aria-labelledby="verifications-title">
      <h1 id="verifications-title">Verifications</h1>
      <LookupForm />
      <FiltersForm filters={filters} onApply={(next) => setSearch(new URLSearchParams({ ...next }))} />
      <ProblemMessage error={verifications.error} />
      {verifications.items?.length === 0 &&
        (filtered ? (
          <p>No verification matches these filters: clear the filters to see them all.</p>
        ) : (
          <p>No verifications yet: start one with POST /v1/verifications (an API key with the verify scope, from the API keys page).</p>
        ))}
      {verifications.items && verifications.items.length > 0 && (
        <TableScroll label="Verifications">
          <table>
            <caption>{filtered ? 'Verifications matching the filters' : 'Your verifications'}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col">Channel of the last send</th>
                <th scope="col">Wrong codes</th>
                <th scope="col">Codes sent</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {verifications.items.map((verification) => (
                <VerificationRow key={verification.id} verification={verification} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {verifications.hasMore && (
        <button type="button" onClick={verifications.loadMore} disabled={verifications.loadingMore}>
          Load more
        </button>
      )}
    </section>
  );
}

/**
 * Verifications: `GET /v1/verifications` filtered by status and number, newest first, 50 at a time
 * with "Load more" (`cursor`); each row opens `/verifications/{id}`, and an id from your app's logs
 * goes straight there. The filters live in the page address; an old `?id=` address still opens it.
 */
export function VerificationsPage() {
  const id = useSearchParams()[0].get('id')?.trim();
  return id ? <Navigate to={`/verifications/${encodeURIComponent(id)}`} replace /> : <VerificationsList />;
}
