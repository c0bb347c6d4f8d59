import { FormEvent, useState } from 'react';
import { Schema } from '@zagel/sdk';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { TableScroll } from '../../components/table-scroll';

type Scope = Schema<'CreateApiKeyBody'>['scopes'][number];
const SCOPES: Scope[] = ['verify', 'messages:send', 'messages:read', 'campaigns', 'billing:read', 'templates'];
const KEYS = ['api-keys'] as const;

/** API keys: `GET /v1/api-keys`, `POST /v1/api-keys` (the secret shown once), `DELETE /v1/api-keys/{id}`. */
export function ApiKeysPage() {
  const keys = useApiQuery(KEYS, (api) => api.get('/v1/api-keys'));
  const create = useApiMutation((api, body: Schema<'CreateApiKeyBody'>) => api.post('/v1/api-keys', body), KEYS);
  const revoke = useApiMutation((api, id: string) => api.delete(`/v1/api-keys/${id}`), KEYS);
  const [secret, setSecret] = useState<string>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scopes = SCOPES.filter((scope) => form.get(`scope:${scope}`) === 'on');
    create.mutate({ name: String(form.get('name')), scopes }, { onSuccess: (created) => setSecret(created.key) });
    event.currentTarget.reset();
  }

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      {secret && (
        <div role="status" className="secret">
          <p>Copy this key now: it is shown only once.</p>
          <output aria-label="New API key">{secret}</output>
          <button type="button" onClick={() => setSecret(undefined)}>
            I have copied the key
          </button>
        </div>
      )}
      <form onSubmit={submit}>
        <h2>Create a key</h2>
        <label>
          Key name
          <input name="name" required placeholder="checkout backend" />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label key={scope} className="inline">
              <input type="checkbox" name={`scope:${scope}`} defaultChecked /> {scope}
            </label>
          ))}
        </fieldset>
        <ProblemMessage error={create.error} />
        <button type="submit" disabled={create.isPending}>
          Create key
        </button>
      </form>
      <ProblemMessage error={keys.error ?? revoke.error} />
      {keys.data && keys.data.items.length === 0 && <p>No keys yet: create one for your app to call the API.</p>}
      {keys.data && keys.data.items.length > 0 && (
        <TableScroll label="Your keys">
          <table>
            <caption>Your keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Scopes</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                    {key.twilioKeySid && <small title="Basic username for the Twilio-compatible API (/twilio)"> Twilio SID <code>{key.twilioKeySid}</code></small>}
                  </td>
                  <td>{key.scopes.join(', ')}</td>
                  <td>{key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : 'never'}</td>
                  <td>
                    <button type="button" onClick={() => revoke.mutate(key.id)} aria-label={`Revoke ${key.name}`}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
