import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CampaignProgress, FINAL_CAMPAIGN_STATUSES, GetCampaignProgress } from '@zagel/contracts';
import { CorrelationContext } from '@zagel/observability';
import { ServiceRpc } from '../service-rpc/service-rpc';

/** Progress is sent at most this often (and this is how often a watched campaign is read). */
export const PROGRESS_INTERVAL_MS = 500;

export interface ProgressEvent {
  event: 'progress' | 'status' | 'end';
  id: number;
  data: unknown;
}

interface Watcher {
  /** The last version this watcher was sent. */
  seen: number;
  send(event: ProgressEvent): void;
  end(): void;
}

interface Watch {
  /** The request that opened the watch: its polls carry its correlation. */
  correlation: CorrelationContext;
  organizationId: string;
  campaignId: string;
  watchers: Set<Watcher>;
  timer?: NodeJS.Timeout;
}

/** The events a watcher that has seen `seen` gets from one reading of the campaign. */
export function eventsAfter(progress: CampaignProgress, seen: number): ProgressEvent[] {
  const events: ProgressEvent[] = progress.statusChanges
    .filter((change) => change.version > seen)
    .map((change) => ({ event: 'status', id: change.version, data: { status: change.status, at: change.at } }));
  if (progress.version > seen) events.push({ event: 'progress', id: progress.version, data: progress.campaign });
  if (FINAL_CAMPAIGN_STATUSES.includes(progress.campaign.status)) {
    events.push({ event: 'end', id: progress.version, data: progress.campaign });
  }
  return events;
}

/**
 * Live progress of campaigns, fanned out in this gateway process: however many clients watch a
 * campaign, it is read from ingestion once per interval, and each watcher gets what changed since
 * what it last saw (`progress` coalesced, `status` per lifecycle step, `end` at a final state).
 */
@Injectable()
export class CampaignProgressStreams implements OnModuleDestroy {
  private readonly logger = new Logger(CampaignProgressStreams.name);
  private readonly watches = new Map<string, Watch>();

  constructor(private readonly rpc: ServiceRpc) {}

  /** The campaign as it is now, with the status changes after `afterVersion` (throws as the RPC does: not found, ...). */
  read(correlation: CorrelationContext, organizationId: string, campaignId: string, afterVersion: number): Promise<CampaignProgress> {
    return this.rpc.call(correlation, 'ingestion', GetCampaignProgress, { organizationId, campaignId, afterVersion });
  }

  /** Adds a watcher (what it has seen is in `seen`); answers how to stop watching. */
  watch(correlation: CorrelationContext, organizationId: string, campaignId: string, watcher: Watcher): () => void {
    const key = `${organizationId}/${campaignId}`;
    let watch = this.watches.get(key);
    if (!watch) {
      watch = { correlation, organizationId, campaignId, watchers: new Set() };
      this.watches.set(key, watch);
      this.schedule(key, watch);
    }
    watch.watchers.add(watcher);
    return () => {
      const current = this.watches.get(key);
      if (!current) return;
      current.watchers.delete(watcher);
      if (current.watchers.size === 0) {
        clearTimeout(current.timer);
        this.watches.delete(key);
      }
    };
  }

  onModuleDestroy(): void {
    for (const watch of this.watches.values()) {
      clearTimeout(watch.timer);
      for (const watcher of watch.watchers) watcher.end();
    }
    this.watches.clear();
  }

  private schedule(key: string, watch: Watch): void {
    watch.timer = setTimeout(() => void this.poll(key, watch), PROGRESS_INTERVAL_MS);
  }

  private async poll(key: string, watch: Watch): Promise<void> {
    if (this.watches.get(key) !== watch) return;
    const oldest = Math.min(...[...watch.watchers].map((watcher) => watcher.seen));
    try {
      const progress = await this.read(watch.correlation, watch.organizationId, watch.campaignId, oldest);
      for (const watcher of watch.watchers) {
        const events = eventsAfter(progress, watcher.seen);
        for (const event of events) watcher.send(event);
        if (events.length > 0) watcher.seen = progress.version;
        if (events.some((event) => event.event === 'end')) watcher.end();
      }
    } catch (error) {
      this.logger.warn(`campaign ${watch.campaignId} progress not read: ${String(error)}`);
    }
    if (this.watches.get(key) === watch && watch.watchers.size > 0) this.schedule(key, watch);
  }
}
