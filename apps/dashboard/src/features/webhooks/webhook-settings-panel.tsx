import { FormEvent, useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { TableScroll } from '../../components/table-scroll';

const SETTINGS = ['webhooks', 'settings'] as const;

/**
 * The default callback URL and the signing secret: `GET /v1/webhooks/settings`, `PUT /v1/webhooks/settings`
 * (a URL or null; the secret comes back the first time only) and `POST /v1/webhooks/settings/rotate-secret`
 * (the new secret in that answer only).
 */
export function WebhookSettingsPanel() {
  const settings = useApiQuery(SETTINGS, (api) => api.get('/v1/webhooks/settings'));
  const save = useApiMutation((api, url: string | null) => api.put('/v1/webhooks/settings', { url }), SETTINGS);
  const rotate = useApiMutation((api) => api.post('/v1/webhooks/settings/rotate-secret', undefined), SETTINGS);
  const [secret, setSecret] = useState<string>();
  const [confirmingRotation, setConfirmingRotation] = useState(false);
  const current = settings.data;

  function keepSecret(answer: { secret?: string }) {
    if (answer.secret) setSecret(answer.secret);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(String(new FormData(event.currentTarget).get('url')).trim(), { onSuccess: keepSecret });
  }

  function rotateNow() {
    setConfirmingRotation(false);
    rotate.mutate(undefined, { onSuccess: keepSecret });
  }

  return (
    <section aria-labelledby="webhook-settings-title">
      <h2 id="webhook-settings-title">Status callbacks</h2>
      {secret && (
        <div role="status" className="secret">
          <p>Copy this signing secret now: it is shown only once. Check each callback&apos;s Zagel-Signature header with it.</p>
          <output aria-label="New signing secret">{secret}</output>
          <button type="button" onClick={() => setSecret(undefined)}>
            I have copied the secret
          </button>
        </div>
      )}
      <ProblemMessage error={settings.error} />
      {current?.status === 'none' && <p>No default callback URL: set one to be told when messages and verifications change status.</p>}
      {current?.status === 'active' && <p>Status callbacks go to {current.url}.</p>}
      {current?.status === 'disabled' && (
        <p className="problem">Callbacks to {current.url} stopped because it kept failing: fix the endpoint, then save it again to turn them back on.</p>
      )}
      {current && (
        <form onSubmit={submit} key={current.url ?? ''}>
          <label>
            Callback URL
            <input name="url" type="url" required maxLength={2048} defaultValue={current.url ?? ''} placeholder="https://example.com/zagel/status" />
          </label>
          <ProblemMessage error={save.error} />
          <div className="actions">
            <button type="submit" disabled={save.isPending}>
              Save callback URL
            </button>
            {current.url && (
              <button type="button" disabled={save.isPending} onClick={() => save.mutate(null)}>
                Remove callback URL
              </button>
            )}
          </div>
        </form>
      )}
      {current && (
        <div>
          <h3>Signing secret</h3>
          <p>{current.hasSecret ? 'Every callback is signed with your secret.' : 'No signing secret yet: it is made when you first save a URL, or now.'}</p>
          <ProblemMessage error={rotate.error} />
          {confirmingRotation ? (
            <div role="group" aria-label="Confirm rotation" className="actions">
              <p>The current secret stops working at once: callbacks are signed with the new one from the next delivery.</p>
              <button type="button" onClick={rotateNow}>
                Rotate now
              </button>
              <button type="button" onClick={() => setConfirmingRotation(false)}>
                Keep the current secret
              </button>
            </div>
          ) : (
            <button type="button" disabled={rotate.isPending} onClick={() => (current.hasSecret ? setConfirmingRotation(true) : rotateNow())}>
              {current.hasSecret ? 'Rotate signing secret' : 'Create signing secret'}
            </button>
          )}
        </div>
      )}
      {current && current.disabledEndpoints.length > 0 && (
        <TableScroll label="Endpoints disabled for failing">
          <table>
            <caption>Endpoints disabled for failing</caption>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Disabled</th>
                <th scope="col">Failures in a row</th>
              </tr>
            </thead>
            <tbody>
              {current.disabledEndpoints.map((endpoint) => (
                <tr key={endpoint.url}>
                  <td>{endpoint.url}</td>
                  <td>{new Date(endpoint.disabledAt).toLocaleString()}</td>
                  <td>{endpoint.consecutiveFailures}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
