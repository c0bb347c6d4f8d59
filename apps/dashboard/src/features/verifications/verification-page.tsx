import { Link, useParams } from 'react-router';
import { Schema } from '@zagel/sdk';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { TableScroll } from '../../components/table-scroll';
import { isVerificationId, sendChannel, VerificationSend, verificationStatus } from './verification-display';

const when = (at: string | undefined) => (at ? new Date(at).toLocaleString() : undefined);

function Sends({ sends }: { sends: VerificationSend[] }) {
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
              <td>{sendChannel(send)}</td>
              <td>{send.errorCode ?? '—'}</td>
              <td>{when(send.requestedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function VerificationDetails({ verification }: { verification: Schema<'VerificationView'> }) {
  // Every verifications query, so the list shows the cancel too.
  const cancel = useApiMutation((api) => api.post(`/v1/verifications/${verification.id}/cancel`), ['verifications']);
  return (
    <article aria-labelledby="verification-title">
      <h2 id="verification-title">Verification of {verification.to}</h2>
      <dl className="figures">
        <div>
          <dt>Status</dt>
          <dd data-status={verification.status}>{verificationStatus(verification.status)}</dd>
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

function LoadedVerification({ id }: { id: string }) {
  const query = useApiQuery(['verifications', id], (api) => api.get(`/v1/verifications/${id}`));
  if (query.data) return <VerificationDetails verification={query.data} />;
  return query.error ? <ProblemMessage error={query.error} /> : <p>Looking the verification up…</p>;
}

/**
 * One verification (`/verifications/{id}`): `GET /v1/verifications/{id}` (status, attempts, every
 * code sent and its channel), and `POST /v1/verifications/{id}/cancel` while it is pending.
 */
export function VerificationPage() {
  const id = useParams().id?.trim() ?? '';
  return (
    <section aria-labelledby="verification-page-title">
      <h1 id="verification-page-title">Verification</h1>
      <p>
        <Link to="/verifications">All verifications</Link>
      </p>
      {isVerificationId(id) ? (
        <LoadedVerification id={id} />
      ) : (
        <p role="alert" className="problem">
          That is not a verification id: ids look like 0190a6f2-7c3e-7abc-8def-0123456789b0.
        </p>
      )}
    </section>
  );
}
