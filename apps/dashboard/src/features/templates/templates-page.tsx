import { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Schema } from '@zagel/sdk';
import { useApiMutation } from '../../api/use-api';
import { useApiPages } from '../../api/use-api-pages';
import { ProblemMessage } from '../../components/problem-message';
import { TableScroll } from '../../components/table-scroll';

/** A label such as `alerts`, as the API takes it (lower case, digits, - and _). */
export const CATEGORY_PATTERN = '[a-z][a-z0-9_\\-]{0,39}';

/**
 * Templates: `GET /v1/templates` (current versions, 50 at a time with "Load more") and
 * `POST /v1/templates` (version 1), which opens the new template's page.
 */
export function TemplatesPage() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const templates = useApiPages(['templates', 'list'], (api, cursor) => api.get(`/v1/templates?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
  const create = useApiMutation((api, body: Schema<'CreateTemplateBody'>) => api.post('/v1/templates', body), ['templates', 'list']);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const category = String(form.get('category')).trim();
    const body = { name: String(form.get('name')).trim(), body: String(form.get('body')), ...(category ? { category } : {}) };
    create.mutate(body, {
      onSuccess: (created) => {
        queries.setQueryData(['templates', created.id], created);
        void navigate(`/templates/${created.id}`);
      },
    });
  }

  return (
    <section aria-labelledby="templates-title">
      <h1 id="templates-title">Templates</h1>
      <form onSubmit={submit}>
        <h2>New template</h2>
        <label>
          Template name
          <input name="name" required maxLength={100} placeholder="order shipped" />
        </label>
        <label>
          Category (optional)
          <input name="category" pattern={CATEGORY_PATTERN} maxLength={40} placeholder="alerts" />
        </label>
        <label>
          Text, with {'{{variable}}'} placeholders
          <textarea name="body" required maxLength={1600} rows={3} placeholder="Hi {{name}}, order {{order}} is on its way." />
        </label>
        <ProblemMessage error={create.error} />
        <button type="submit" disabled={create.isPending}>
          Create template
        </button>
      </form>
      <ProblemMessage error={templates.error} />
      {templates.items?.length === 0 && <p>No templates yet: create one above, then send with its id and variables instead of a text.</p>}
      {templates.items && templates.items.length > 0 && (
        <TableScroll label="Your templates">
          <table>
            <caption>Your templates</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Category</th>
                <th scope="col">Version</th>
                <th scope="col">Variables</th>
                <th scope="col">Used</th>
              </tr>
            </thead>
            <tbody>
              {templates.items.map((template) => (
                <tr key={template.id}>
                  <td>
                    <Link to={`/templates/${template.id}`}>{template.name}</Link>
                  </td>
                  <td>{template.category ?? '—'}</td>
                  <td>{template.latestVersion}</td>
                  <td>{template.variables.join(', ') || '—'}</td>
                  <td>{template.usageCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {templates.hasMore && (
        <button type="button" onClick={templates.loadMore} disabled={templates.loadingMore}>
          Load more
        </button>
      )}
    </section>
  );
}
