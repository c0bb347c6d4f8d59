import { Link } from 'react-router';
import { useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { CampaignUploadWizard } from './campaign-upload-wizard';
import { percentDone } from './campaign-progress';
import { TableScroll } from '../../components/table-scroll';

/**
 * Campaigns: `GET /v1/campaigns` and the upload wizard (`POST /v1/campaigns`, multipart: the options
 * and the file), which answers the draft with its preview and estimate; the campaign page starts it.
 */
export function CampaignsPage() {
  const campaigns = useApiQuery(['campaigns'], (api) => api.get('/v1/campaigns?limit=50'));

  return (
    <section aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">Campaigns</h1>
      <CampaignUploadWizard />
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
