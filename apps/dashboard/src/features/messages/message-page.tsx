import { ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Schema } from '@zagel/sdk';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { money } from '../../components/money';
import { ProblemMessage } from '../../components/problem-message';
import { TableScroll } from '../../components/table-scroll';

type Message = Schema<'MessageView'>;
type Step = NonNullable<Message['history']>[number];

/** Statuses the API still lets a customer cancel (not yet handed to a phone or provider). */
const CANCELABLE: Message['status'][] = ['queued', 'scheduled'];
/** Statuses in which the API lets a customer redact the text (it has left or ended). */
const REDACTABLE: Message['status'][] = ['sent', 'delivered', 'undelivered', 'failed', 'canceled', 'expired'];

const when = (at: string | undefined) => (at ? new Date(at).toLocaleString() : undefined);

/** Who carried a step: a provider by name, or a phone (the platform's, shown by id). */
function carrier(step: Pick<Step, 'route' | 'provider' | 'deviceId'>): string | undefined {
  if (step.provider) return `provider ${step.provider}`;
  if (step.deviceId) return `phone ${step.deviceId}`;
  return step.route;
}

function Field({ name, children }: { name: string; children: ReactNode }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <div>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function History({ steps }: { steps: Step[] }) {
  if (steps.length === 0) return <p>No status change recorded yet.</p>;
  return (
    <TableScroll label="Status history">
      <table>
        <caption>Status history</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">At</th>
            <th scope="col">Carried by</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step, index) => (
            <tr key={`${step.status}-${step.at}-${index}`}>
              <td>{step.status}</td>
              <td>
                <time dateTime={step.at}>{when(step.at)}</time>
              </td>
              <td>{carrier(step) ?? '—'}</td>
              <td>{step.errorCode ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * One message: `GET /v1/messages/{id}` (its fields and every status it went through, with times),
 * `POST /v1/messages/{id}/cancel` while it is still queued or scheduled, and
 * `POST /v1/messages/{id}/redact` (once confirmed: it cannot be undone) once it has left or ended.
 */
export function MessagePage() {
  const { id = '' } = useParams();
  const query = useApiQuery(['messages', id], (api) => api.get(`/v1/messages/${id}`));
  // Fetched again after a cancel or a redaction: only the message's own GET carries the history.
  const cancel = useApiMutation((api) => api.post(`/v1/messages/${id}/cancel`), ['messages', id]);
  const redact = useApiMutation((api) => api.post(`/v1/messages/${id}/redact`), ['messages', id]);
  const [confirmingRedaction, setConfirmingRedaction] = useState(false);
  const message = query.data;

  if (!message) return query.error ? <ProblemMessage error={query.error} /> : <p>Loading the message…</p>;
  return (
    <section aria-labelledby="message-title">
      <p>
        <Link to="/messages">← All messages</Link>
      </p>
      <h1 id="message-title">Message to {message.to}</h1>
      <p>
        Status: <strong data-status={message.status}>{message.status}</strong>
      </p>
      <p className="message-body">{message.body === '' ? <em>Text redacted</em> : message.body}</p>
      <dl className="fields">
        <Field name="Id">
          <code>{message.id}</code>
        </Field>
        <Field name="Type">{message.type}</Field>
        <Field name="Country">{message.country}</Field>
        <Field name="Route asked">{message.routePreference}</Field>
        <Field name="Carried by">{carrier(message)}</Field>
        <Field name="Provider message id">{message.providerMessageId}</Field>
        <Field name="Error">{message.errorCode}</Field>
        <Field name="Segments">
          {message.segments} ({message.encoding})
        </Field>
        <Field name="Price">{money(message.price, message.currency)}</Field>
        <Field name="Campaign">{message.campaignId && <Link to={`/campaigns/${message.campaignId}`}>{message.campaignId}</Link>}</Field>
        <Field name="Template">
          {message.templateId && <Link to={`/templates/${message.templateId}`}>version {message.templateVersion ?? '?'}</Link>}
        </Field>
        <Field name="Batch">{message.batchId}</Field>
        <Field name="Your reference">{message.clientReference}</Field>
        <Field name="Created">{when(message.createdAt)}</Field>
        <Field name="Scheduled for">{when(message.scheduleAt)}</Field>
        <Field name="Sent">{when(message.sentAt)}</Field>
        <Field name="Delivered">{when(message.deliveredAt)}</Field>
        <Field name="Expires">{when(message.expiresAt)}</Field>
      </dl>
      <History steps={message.history ?? []} />
      <ProblemMessage error={cancel.error} />
      {CANCELABLE.includes(message.status) && (
        <button type="button" disabled={cancel.isPending} onClick={() => cancel.mutate(undefined)}>
          Cancel message
        </button>
      )}
      <ProblemMessage error={redact.error} />
      {REDACTABLE.includes(message.status) &&
        message.body !== '' &&
        (confirmingRedaction ? (
          <div role="group" aria-label="Confirm redaction" className="actions">
            <p>The text is erased for good; the status, price and history stay.</p>
            <button
              type="button"
              disabled={redact.isPending}
              onClick={() => redact.mutate(undefined, { onSettled: () => setConfirmingRedaction(false) })}
            >
              Erase the text
            </button>
            <button type="button" onClick={() => setConfirmingRedaction(false)}>
              Keep it
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirmingRedaction(true)}>
            Redact text
          </button>
        ))}
    </section>
  );
}
