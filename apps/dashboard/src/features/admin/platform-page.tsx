import { lazy, Suspense, useState } from 'react';
import type { Schema } from '@zagel/sdk';
import { useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';

// uPlot is fetched with this page (or a running campaign's), not with the app's first load.
const RateChart = lazy(() => import('../../components/rate-chart'));

type BusQueue = Schema<'BusQueueView'>;

const KIND_LABELS: Record<BusQueue['kind'], string> = { work: 'work', rpc: 'requests', dead: 'dead letters' };

/** Messages per second as a person reads it: one decimal under 10, whole numbers above. */
export function perSecond(rate: number): string {
  return rate < 10 ? rate.toFixed(1) : Math.round(rate).toString();
}

/** Queues to look at first: dead letters waiting, then the deepest. */
export function queuesToShow(queues: readonly BusQueue[], onlyWaiting: boolean): BusQueue[] {
  const shown = onlyWaiting ? queues.filter((queue) => queue.messages > 0) : [...queues];
  const weight = (queue: BusQueue) => (queue.kind === 'dead' && queue.messages > 0 ? 1 : 0);
  return shown.sort((a, b) => weight(b) - weight(a) || b.messages - a.messages || a.name.localeCompare(b.name));
}

/**
 * Operators: the platform as a whole (`GET /v1/admin/platform`, every 5 s): messages accepted per
 * second over the last five minutes, and every bus queue's depth and consumers.
 */
export function PlatformPage() {
  const [onlyWaiting, setOnlyWaiting] = useState(false);
  const platform = useApiQuery(['admin', 'platform'], (api) => api.get('/v1/admin/platform'), { refetchInterval: 5_000 });
  const overview = platform.data;
  const rate = overview?.messageRate;
  const latest = rate?.samples.at(-1);
  const queues = overview ? queuesToShow(overview.queues, onlyWaiting) : [];
  const deadLetters = overview?.queues.filter((queue) => queue.kind === 'dead').reduce((sum, queue) => sum + queue.messages, 0) ?? 0;

  return (
    <section aria-labelledby="platform-title">
      <h1 id="platform-title">Platform</h1>
      <ProblemMessage error={platform.error} />
      {!overview && !platform.error && <p>Reading the platform…</p>}
      {rate && (
        <>
          <dl className="figures">
            <div>
              <dt>Messages/s now</dt>
              <dd>{latest ? perSecond(latest.perSecond) : '0.0'}</dd>
            </div>
            <div>
              <dt>Messages/s, last {Math.round(rate.windowSeconds / 60)} min</dt>
              <dd>{perSecond(rate.perSecond)}</dd>
            </div>
            <div>
              <dt>Messages, last {Math.round(rate.windowSeconds / 60)} min</dt>
              <dd>{rate.messages}</dd>
            </div>
            <div>
              <dt>Dead letters</dt>
              <dd>{deadLetters}</dd>
            </div>
          </dl>
          <Suspense fallback={null}>
            <RateChart
              samples={rate.samples.map((sample) => ({ at: Date.parse(sample.at) / 1_000, rate: sample.perSecond }))}
              label={`Messages accepted per second over the last ${Math.round(rate.windowSeconds / 60)} minutes, in ${rate.bucketSeconds}-second steps`}
            />
          </Suspense>
        </>
      )}
      {overview && (
        <>
          <div className="filters">
            <label className="inline">
              <input type="checkbox" checked={onlyWaiting} onChange={(event) => setOnlyWaiting(event.target.checked)} />
              Only queues with messages waiting
            </label>
          </div>
          {queues.length === 0 ? (
            <p>{onlyWaiting ? 'No messages waiting in any queue.' : 'No queue found: the services declare theirs when they start.'}</p>
          ) : (
            <table>
              <caption>Bus queues (read at {new Date(overview.checkedAt).toLocaleTimeString()})</caption>
              <thead>
                <tr>
                  <th scope="col">Queue</th>
                  <th scope="col">Service</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Messages waiting</th>
                  <th scope="col">Consumers</th>
                </tr>
              </thead>
              <tbody>
                {queues.map((queue) => (
                  <tr key={queue.name} className={queue.kind === 'dead' && queue.messages > 0 ? 'problem' : undefined}>
                    <td>{queue.name}</td>
                    <td>{queue.service}</td>
                    <td>{KIND_LABELS[queue.kind]}</td>
                    <td>{queue.messages}</td>
                    <td>{queue.consumers}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
