import { PublicApiClient, ServerSentEvent } from '@zagel/sdk';

/**
 * Watches a campaign's Server-Sent Events through the public API client (a real HTTP client, the
 * body read as it arrives): `events` fills as they come, `closed` settles when the server ends it.
 */
export class CampaignWatcher {
  readonly events: ServerSentEvent[] = [];
  status = 0;
  contentType = '';
  closed: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();

  async open(client: PublicApiClient, campaignId: string, lastEventId?: string): Promise<this> {
    const stream = await client.events(`/v1/campaigns/${campaignId}/events`, { signal: this.abort.signal, ...(lastEventId ? { lastEventId } : {}) });
    this.status = stream.status;
    this.contentType = stream.headers.get('content-type') ?? '';
    this.closed = (async () => {
      try {
        for await (const event of stream.events) this.events.push(event);
      } catch (error) {
        if (!this.abort.signal.aborted) throw error;
      }
    })();
    return this;
  }

  close(): void {
    this.abort.abort();
  }
}
