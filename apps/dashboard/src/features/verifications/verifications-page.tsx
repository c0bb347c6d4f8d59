import { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Schema } from '@zagel/sdk';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { TableScroll } from '../../components/table-scroll';

type Verification = Schema<'VerificationView'>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const when = (at: string | undefined) => (at ? new Date(at).toLocaleString() : undefined);

function Sends({ sends }: { sends: Verification['sends'] }) {
  return (
    <TableScroll label="Code messages sent">
      <table>
        <caption>Code messages sent</caption>
        <thead>
          <tr>
            <th scope="col">Send</th>
            <th scope="col">Status</th>
            <th scope="col">Channel</th>
            <th scope="col">Error</th>
            <th scope="col">Requested</th>
          </tr>
        </thead>
        <tbody>
          {sends.map((send) => (
            <tr key={send.messageId}>
              <td>
                <Link to={`/messages/${send.messageId}`} aria-label={`Message of send ${send.sequence}`}>
                  #{send.sequence}
                </Link>
              </td>
              <td>{send.status}</td>
              <td>{send.provider ? `provider ${send.provider}` : send.deviceId ? `phone ${send.deviceId}` : send.route}</td>
              <td>{send.errorCode ?? '—'}</td>
              <td>{when(send.requestedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function VerificationDetails({ id }: { id: string }) {
  const query = useApiQuery(['verifications', id], (api) => api.get(`/v1/verifications/${id}`));
  const cancel = useApiMutation((api) => api.post(`/v1/verifications/${id}/cancel`), ['verifications', id]);
  const verification = query.data;
  if (!verification) return query.error ? <ProblemMessage error={query.error} /> : <p>Looking the verification up…</p>;
  return (
    <article aria-labelledby="verification-title">
      <h2 id="verification-title">Verification of {verification.to}</h2>
      <dl className="figures">
        <div>
          <dt>Status</dt>
          <dd data-status={verification.status}>{verification.status.replaceAll('_', ' ')}</dd>
        </div>
        <div>
          <dt>Wrong codes tried</dt>
          <dd>
            {verification.attempts} ({verification.remainingAttempts} left)
          </dd>
        </div>
        <div>
          <dt>Codes sent</dt>
          <dd>{verification.sendCount}</dd>
        </div>
        <div>
          <dt>Channel of the last send</dt>
          <dd>{verification.route}</dd>
        </div>
      </dl>
      <dl className="fields">
        <div>
          <dt>Country</dt>
          <dd>{verification.country}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{when(verification.createdAt)}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{when(verification.expiresAt)}</dd>
        </div>
        {verification.approvedAt && (
          <div>
            <dt>Approved</dt>
            <dd>{when(verification.approvedAt)}</dd>
          </div>
        )}
        {verification.canceledAt && (
          <div>
            <dt>Canceled</dt>
            <dd>{when(verification.canceledAt)}</dd>
          </div>
        )}
      </dl>
      <Sends sends={verification.sends} />
      <ProblemMessage error={cancel.error} />
      {verification.status === 'pending' && (
        <button type="button" disabled={cancel.isPending} onClick={() => cancel.mutate(undefined)}>
          Cancel verification
        </button>
      )}
    </article>
  );
}

/**
 * Verifications: the API has no list of them, so a lookup by the id `POST /v1/verifications`
 * answered: `GET /v1/verifications/{id}` (status, attempts, every code sent and its channel), and
 * `POST /v1/verifications/{id}/cancel` while it is pending. The id lives in the page address.
 */
export function VerificationsPage() {
  const [search, setSearch] = useSearchParams();
  const id = search.get('id')?.trim() ?? '';
  const valid = UUID.test(id);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSearch({ id: String(new FormData(event.currentTarget).get('id')).trim() });
  }

  return (
    <section aria-labelledby="verifications-title">
      <h1 id="verifications-title">Verifications</h1>
      <form onSubmit={submit} key={id} aria-label="Look up a verification">
        <label>
          Verification id
          <input name="id" required defaultValue={id} placeholder="0190a6f2-7c3e-7abc-8def-0123456789b0" autoComplete="off" />
        </label>
        <button type="submit">Look up</button>
      </form>
      {!id && <p>Enter the id that POST /v1/verifications answered your app to see its status, attempts and every code sent.</p>}
      {id && !valid && (
        <p role="alert" className="problem">
          That is not a verification id: ids look like 0190a6f2-7c3e-7abc-8def-0123456789b0.
        </p>
      )}
      {valid && <VerificationDetails id={id} />}
    </section>
  );
}
