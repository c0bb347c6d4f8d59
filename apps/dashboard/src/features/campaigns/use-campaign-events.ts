import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../api/session-context';
import { Campaign, isFinal } from './campaign-progress';

const RECONNECT_MS = 2_000;

/**
 * Keeps the campaign query (['campaigns', id]) as `GET /v1/campaigns/{id}/events` pushes it (`progress` at most every 500 ms, `end`
 * at a final state). fetch rather than EventSource, which cannot send the Authorization header; a
 * dropped stream is reopened after Last-Event-ID, and a 401 refreshes the session first.
 */
export function useCampaignEvents(id: string, current: Campaign | undefined): { live: boolean } {
  const session = useSession();
  const queries = useQueryClient();
  const [live, setLive] = useState(false);
  const watching = current !== undefined && current.status !== 'draft' && !isFinal(current);

  useEffect(() => {
    if (!watching) return;
    const abort = new AbortController();
    let lastEventId: string | undefined;
    const follow = async () => {
      while (!abort.signal.aborted) {
        const token = await session.token();
        const stream = await session.anonymous.as({ bearer: token ?? '' }).events(`/v1/campaigns/${id}/events`, { signal: abort.signal, lastEventId });
        if (stream.status === 401 && (await session.refresh())) continue;
        if (stream.status !== 200) return;
        setLive(true);
        for await (const event of stream.events) {
          if (event.id) lastEventId = event.id;
          if (event.event === 'progress' || event.event === 'end') {
            queries.setQueryData(['campaigns', id], event.data as Campaign);
          }
          if (event.event === 'end') return;
        }
        setLive(false);
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      }
    };
    follow()
      .catch(() => undefined)
      .finally(() => setLive(false));
    return () => abort.abort();
  }, [id, watching, session, queries]);

  return { live };
}
