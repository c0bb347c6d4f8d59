import { FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useQueries } from '@tanstack/react-query';
import { Schema } from '@zagel/sdk';
import { useSession } from '../../api/session-context';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { TableScroll } from '../../components/table-scroll';

type Template = Schema<'TemplateView'>;

/** How many past versions the page reads (one call each), newest first. */
const VERSIONS_SHOWN = 20;

/** The template's versions, newest first: `GET /v1/templates/{id}?version=n` for each. */
function useVersions(template: Template) {
  const session = useSession();
  const latest = template.latestVersion;
  const numbers = Array.from({ length: Math.min(latest, VERSIONS_SHOWN) }, (_, index) => latest - index);
  return useQueries({
    queries: numbers.map((version) => ({
      // Outside ['templates']: a version never changes once written, so a save need not read it again.
      queryKey: ['template-versions', template.id, version],
      queryFn: async () => (await session.call((api) => api.get(`/v1/templates/${template.id}?version=${version}`))).body,
      staleTime: Infinity,
    })),
  });
}

function Versions({ template }: { template: Template }) {
  const versions = useVersions(template);
  const failed = versions.find((version) => version.error)?.error;
  return (
    <>
      <ProblemMessage error={failed} />
      <TableScroll label="Versions">
        <table>
          <caption>Versions</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Text</th>
              <th scope="col">Variables</th>
              <th scope="col">Provider codes</th>
            </tr>
          </thead>
          <tbody>
            {versions.map(({ data }, index) => {
              const number = template.latestVersion - index;
              return (
                <tr key={number}>
                  <th scope="row">
                    {number}
                    {number === template.latestVersion && ' (current)'}
                  </th>
                  <td>{data ? data.body : 'Loading…'}</td>
                  <td>{data ? data.variables.join(', ') || '—' : ''}</td>
                  <td>{data ? Object.entries(data.providerCodes).map(([provider, code]) => `${provider}: ${code}`).join(', ') || '—' : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {template.latestVersion > VERSIONS_SHOWN && <p>Older versions: ask GET /v1/templates/{template.id}?version=N.</p>}
    </>
  );
}

/**
 * One template: `GET /v1/templates/{id}` (the current version), its versions, and a new version
 * through `PATCH /v1/templates/{id}` with a new text (the API makes a version only when the text changes).
 */
export function TemplatePage() {
  const { id = '' } = useParams();
  const query = useApiQuery(['templates', id], (api) => api.get(`/v1/templates/${id}`));
  const update = useApiMutation((api, body: Schema<'UpdateTemplateBody'>) => api.patch(`/v1/templates/${id}`, body), ['templates']);
  const template = query.data;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ body: String(new FormData(event.currentTarget).get('body')) });
  }

  if (!template) return query.error ? <ProblemMessage error={query.error} /> : <p>Loading the template…</p>;
  return (
    <section aria-labelledby="template-title">
      <p>
        <Link to="/templates">← All templates</Link>
      </p>
      <h1 id="template-title">{template.name}</h1>
      <dl className="figures">
        <div>
          <dt>Current version</dt>
          <dd>{template.latestVersion}</dd>
        </div>
        <div>
          <dt>Category</dt>
          <dd>{template.category ?? '—'}</dd>
        </div>
        <div>
          <dt>Messages sent with it</dt>
          <dd>{template.usageCount}</dd>
        </div>
      </dl>
      <p>
        Send it with <code>templateId</code> <code>{template.id}</code> and its variables: {template.variables.join(', ') || 'none'}.
      </p>
      {/* Keyed by the version: after a save the field starts again from the new current text. */}
      <form onSubmit={submit} key={template.latestVersion}>
        <h2>New version</h2>
        <label>
          Text, with {'{{variable}}'} placeholders
          <textarea name="body" required maxLength={1600} rows={3} defaultValue={template.body} />
        </label>
        <ProblemMessage error={update.error} />
        <button type="submit" disabled={update.isPending}>
          Save as new version
        </button>
      </form>
      <Versions template={template} />
    </section>
  );
}
