import { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { percentDone, previewKey } from './campaign-progress';
import { TableScroll } from '../../components/table-scroll';

/**
 * Campaigns: `GET /v1/campaigns` and the upload, `POST /v1/campaigns` (multipart: the file and its
 * options), which answers the draft with its preview and estimate; the campaign page starts it.
 */
export function CampaignsPage() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const campaigns = useApiQuery(['campaigns'], (api) => api.get('/v1/campaigns?limit=50'));
  const upload = useApiMutation((api, form: FormData) => api.postForm('/v1/campaigns', form), ['campaigns']);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData();
    const fields = new FormData(event.currentTarget);
    // The options first, the file last: the gateway reads the upload as a stream, options before rows.
    for (const name of ['name', 'type', 'route', 'phoneColumn', 'bodyColumn', 'template', 'ratePerSecond'] as const) {
      const value = String(fields.get(name) ?? '').trim();
      if (value) form.append(name, value);
    }
    form.append('file', fields.get('file') as File);
    upload.mutate(form, {
      onSuccess: (created) => {
        // Only the upload's answer carries the preview: kept for the campaign page, which reads the campaign again.
        queries.setQueryData(previewKey(created.id), created.preview ?? []);
        queries.setQueryData(['campaigns', created.id], created);
        void navigate(`/campaigns/${created.id}`);
      },
    });
  }

  return (
    <section aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">Campaigns</h1>
      <form onSubmit={submit}>
        <h2>New campaign</h2>
        <label>
          Recipients file (CSV with a header row)
          <input name="file" type="file" accept=".csv,text/csv" required />
        </label>
        <label>
          Campaign name
          <input name="name" placeholder="Spring sale" />
        </label>
        <label>
          Phone column
          <input name="phoneColumn" placeholder="phone" />
        </label>
        <label>
          Message column
          <input name="bodyColumn" placeholder="message" />
        </label>
        <label>
          Template (instead of a message column), e.g. Hi {'{{name}}'}
          <input name="template" />
        </label>
        <label>
          Type
          <select name="type" defaultValue="promotional">
            <option value="promotional">Promotional</option>
            <option value="transactional">Transactional</option>
          </select>
        </label>
        <label>
          Route
          <select name="route" defaultValue="auto">
            <option value="auto">Automatic</option>
            <option value="devices">Phone pool</option>
            <option value="providers">Providers</option>
          </select>
        </label>
        <label>
          Messages per second (optional)
          <input name="ratePerSecond" type="number" min={1} inputMode="numeric" />
        </label>
        <ProblemMessage error={upload.error} />
        <button type="submit" disabled={upload.isPending}>
          Upload and preview
        </button>
      </form>
      <ProblemMessage error={campaigns.error} />
      {campaigns.data && campaigns.data.items.length === 0 && <p>No campaigns yet: upload a CSV file above to start one.</p>}
      {campaigns.data && campaigns.data.items.length > 0 && (
        <TableScroll label="Your campaigns">
          <table>
            <caption>Your campaigns</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Recipients</th>
                <th scope="col">Done</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.data.items.map((campaign) => (
                <tr key={campaign.id}>
                  <td>
                    <Link to={`/campaigns/${campaign.id}`}>{campaign.name}</Link>
                  </td>
                  <td>{campaign.status}</td>
                  <td>{campaign.totals.accepted}</td>
                  <td>{percentDone(campaign)}%</td>
                  <td>{new Date(campaign.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
