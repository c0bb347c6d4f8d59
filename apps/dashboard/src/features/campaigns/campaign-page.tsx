import { lazy, Suspense, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../api/session-context';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { money } from '../../components/money';
import { ProblemMessage } from '../../components/problem-message';
import { allowedActions, Campaign, isFinal, percentDone, previewKey, shortfallText } from './campaign-progress';
import type { RateSample } from '../../components/rate-chart';
import { useCampaignEvents } from './use-campaign-events';
import { TableScroll } from '../../components/table-scroll';

// uPlot is fetched with the first campaign that runs, not with the app's first load.
const RateChart = lazy(() => import('../../components/rate-chart'));

type Action = ReturnType<typeof allowedActions>[number];
const ACTION_LABELS: Record<Action, string> = { start: 'Start campaign', pause: 'Pause', resume: 'Resume', cancel: 'Cancel campaign' };
const COUNTERS = ['queued', 'sent', 'delivered', 'failed', 'undelivered', 'canceled', 'expired'] as const;

/** The reports are behind the bearer token, so a plain link cannot fetch them: fetched, then saved. */
function useDownload(id: string) {
  const session = useSession();
  const [error, setError] = useState<unknown>();
  const download = async (report: 'report' | 'errors') => {
    const reply = await session.call((api) => api.request('GET', `/v1/campaigns/${id}/${report}`));
    if (!reply.ok) return setError(new Error(reply.problem?.detail ?? `The report could not be downloaded (${reply.status}).`));
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([reply.text], { type: 'text/csv' }));
    link.download = `campaign-${id}-${report === 'report' ? 'recipients' : 'errors'}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return { download, error };
}

/** The rate of each version of the campaign seen while it runs (the stream sends one at most every 500 ms). */
function useRateSamples(campaign: Campaign | undefined): RateSample[] {
  const [samples, setSamples] = useState<RateSample[]>([]);
  const rate = campaign?.rate;
  const updatedAt = campaign?.updatedAt;
  useEffect(() => {
    if (rate === undefined || updatedAt === undefined) return;
    const at = Date.parse(updatedAt) / 1_000;
    setSamples((seen) => (seen.length > 0 && seen[seen.length - 1].at >= at ? seen : [...seen.slice(-299), { at, rate }]));
  }, [rate, updatedAt]);
  return samples;
}

function Preview({ rows }: { rows: NonNullable<Campaign['preview']> }) {
  if (rows.length === 0) return null;
  return (
    <TableScroll label="First rows">
      <table>
        <caption>First rows</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">To</th>
            <th scope="col">Message</th>
            <th scope="col">Segments</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.line}>
              <td>{row.line}</td>
              <td>{row.to}</td>
              <td>{row.body}</td>
              <td>{row.segments}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * One campaign: the draft's totals, estimate and preview with Start; then live progress through
 * `GET /v1/campaigns/{id}/events`, the actions (`POST /v1/campaigns/{id}/start|pause|resume|cancel`)
 * and the two CSV reports (`GET /v1/campaigns/{id}/report`, `/errors`).
 */
/**
 * A campaign ends once every recipient is sent; the carriers' delivery reports come after its event
 * stream has ended, so the page reads it again until none is left at `sent`.
 */
const REPORTS_POLL_MS = 5_000;
const awaitingReports = (campaign: Campaign | undefined): number | false =>
  campaign !== undefined && isFinal(campaign) && campaign.counters.sent > 0 ? REPORTS_POLL_MS : false;

export function CampaignPage() {
  const { id = '' } = useParams();
  const queries = useQueryClient();
  const query = useApiQuery(['campaigns', id], (api) => api.get(`/v1/campaigns/${id}`), { refetchInterval: awaitingReports });
  const act = useApiMutation((api, action: Action) => api.post(`/v1/campaigns/${id}/${action}`));
  const { live } = useCampaignEvents(id, query.data);
  const { download, error: downloadError } = useDownload(id);
  const campaign = query.data;
  const rates = useRateSamples(campaign);
  const preview = queries.getQueryData<Campaign['preview']>(previewKey(id)) ?? campaign?.preview ?? [];

  if (!campaign) return query.error ? <ProblemMessage error={query.error} /> : <p>Loading the campaign…</p>;
  const percent = percentDone(campaign);
  const { totals, estimate } = campaign;

  return (
    <section aria-labelledby="campaign-title">
      <h1 id="campaign-title">{campaign.name}</h1>
      <p>
        Status: <strong data-status={campaign.status}>{campaign.status}</strong>
        {live && <span className="live"> (live)</span>}
      </p>
      <dl className="figures">
        <div>
          <dt>Rows</dt>
          <dd>{totals.rows}</dd>
        </div>
        <div>
          <dt>Accepted</dt>
          <dd>{totals.accepted}</dd>
        </div>
        <div>
          <dt>Refused</dt>
          <dd>{totals.rejected}</dd>
        </div>
        <div>
          <dt>Duplicates and opt-outs</dt>
          <dd>{totals.duplicates + totals.optedOut}</dd>
        </div>
        <div>
          <dt>Estimate</dt>
          <dd>
            {money(estimate.price, estimate.currency)} for {estimate.messages} messages, {estimate.segments} segments
          </dd>
        </div>
      </dl>
      {campaign.status === 'draft' && <Preview rows={preview} />}
      {campaign.status !== 'draft' && (
        <>
          <div className="progress" role="progressbar" aria-label="Campaign progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
            <div className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
          <p>{percent}% done</p>
          <TableScroll label="Recipients by status">
            <table>
              <caption>Recipients by status</caption>
              <thead>
                <tr>
                  {COUNTERS.map((name) => (
                    <th scope="col" key={name}>
                      {name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  {COUNTERS.map((name) => (
                    <td key={name}>{campaign.counters[name]}</td>
                  ))}
                </tr>
              </tbody>
            </table>
          </TableScroll>
          {rates.length > 1 && (
            <Suspense fallback={null}>
              <RateChart samples={rates} />
            </Suspense>
          )}
          <p>
            Spent {money(campaign.spent, estimate.currency)}, reserved {money(campaign.reserved, estimate.currency)}
            {campaign.rate !== undefined && `, ${campaign.rate.toFixed(1)} messages/s`}
            {campaign.etaSeconds !== undefined && `, about ${Math.ceil(campaign.etaSeconds)} s left`}
          </p>
        </>
      )}
      {shortfallText(act.error) ? (
        <p role="alert" className="problem">
          {shortfallText(act.error)}
        </p>
      ) : (
        <ProblemMessage error={act.error ?? downloadError} />
      )}
      <div className="actions">
        {allowedActions(campaign).map((action) => (
          <button
            key={action}
            type="button"
            disabled={act.isPending}
            onClick={() => act.mutate(action, { onSuccess: (next) => queries.setQueryData(['campaigns', id], next) })}
          >
            {ACTION_LABELS[action]}
          </button>
        ))}
        <button type="button" onClick={() => void download('report')}>
          Download recipient report (CSV)
        </button>
        <button type="button" onClick={() => void download('errors')}>
          Download error report (CSV)
        </button>
      </div>
    </section>
  );
}
