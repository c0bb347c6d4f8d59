import { FormEvent, useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { minorUnits, money } from '../../components/money';
import { matchesSearch } from './admin-forms';
import { TableScroll } from '../../components/table-scroll';

const ORGANIZATIONS = ['admin', 'organizations'] as const;

/**
 * Operators: every organization (`GET /v1/admin/organizations`, searched by name or id in the page,
 * since the API filters by status only), suspend and reactivate
 * (`POST /v1/admin/organizations/{id}/suspend|reactivate`), and a credit or debit of a wallet
 * (`POST /v1/admin/organizations/{id}/credits`), which answers the new balance.
 */
export function OrganizationsPage() {
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const [credited, setCredited] = useState<string>();
  const organizations = useApiQuery([...ORGANIZATIONS, status], (api) => api.get(`/v1/admin/organizations?limit=100${status ? `&status=${status}` : ''}`));
  const setOrganizationStatus = useApiMutation(
    (api, change: { id: string; action: 'suspend' | 'reactivate' }) => api.post(`/v1/admin/organizations/${change.id}/${change.action}`, undefined),
    ORGANIZATIONS,
  );
  const credit = useApiMutation((api, change: { id: string; amount: number; reason: string }) =>
    api.post(`/v1/admin/organizations/${change.id}/credits`, { amount: change.amount, reason: change.reason }),
  );

  const shown = (organizations.data?.items ?? []).filter((organization) => matchesSearch(organization, search));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    const id = String(form.get('organization'));
    const name = shown.find((organization) => organization.id === id)?.name ?? id;
    setCredited(undefined);
    credit.mutate(
      { id, amount: minorUnits(String(form.get('amount'))), reason: String(form.get('reason')).trim() },
      {
        onSuccess: (adjustment) => {
          setCredited(
            `${adjustment.amount >= 0 ? 'Credited' : 'Debited'} ${money(Math.abs(adjustment.amount), adjustment.balance.currency)} to ${name}: ` +
              `available balance now ${money(adjustment.balance.available, adjustment.balance.currency)}.`,
          );
          target.reset();
        },
      },
    );
  }

  return (
    <section aria-labelledby="organizations-title">
      <h1 id="organizations-title">Organizations</h1>
      <div className="filters">
        <label>
          Search organizations (name or id)
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <label>
          Status
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="suspended">Suspended</option>
          </select>
        </label>
      </div>
      <ProblemMessage error={organizations.error ?? setOrganizationStatus.error} />
      {organizations.data && shown.length === 0 && <p>No organization matches: clear the search or the status filter.</p>}
      {shown.length > 0 && (
        <TableScroll label="Organizations">
          <table>
            <caption>Organizations{organizations.data?.nextCursor ? ' (first 100)' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((organization) => (
                <tr key={organization.id}>
                  <td>{organization.name}</td>
                  <td>{organization.status}</td>
                  <td>{new Date(organization.createdAt).toLocaleString()}</td>
                  <td>
                    {organization.status === 'active' ? (
                      <button type="button" onClick={() => setOrganizationStatus.mutate({ id: organization.id, action: 'suspend' })} aria-label={`Suspend ${organization.name}`}>
                        Suspend
                      </button>
                    ) : (
                      <button type="button" onClick={() => setOrganizationStatus.mutate({ id: organization.id, action: 'reactivate' })} aria-label={`Reactivate ${organization.name}`}>
                        Reactivate
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {credited && (
        <p role="status" className="secret">
          {credited}
        </p>
      )}
      {shown.length > 0 && (
        <form onSubmit={submit}>
          <h2>Credit or debit a wallet</h2>
          <label>
            Organization
            <select name="organization" required>
              {shown.map((organization) => (
                <option key={organization.id} value={organization.id}>
                  {organization.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Amount (e.g. 50.00; negative to debit)
            <input name="amount" type="number" step="0.01" required inputMode="decimal" />
          </label>
          <label>
            Reason
            <input name="reason" required placeholder="goodwill credit for the outage of 2026-11-28" />
          </label>
          <ProblemMessage error={credit.error} />
          <button type="submit" disabled={credit.isPending}>
            Apply
          </button>
        </form>
      )}
    </section>
  );
}
