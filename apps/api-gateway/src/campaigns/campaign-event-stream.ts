import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CorrelationContext } from '@zagel/observability';
import { CampaignProgressStreams, eventsAfter, ProgressEvent } from './campaign-progress-streams';

const KEEP_ALIVE_MS = 15_000;

function frame(event: ProgressEvent): string {
  return `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * One client's `GET /v1/campaigns/{id}/events`: the campaign is read first (so another organization's
 * id is a 404 problem), what the client has not seen is sent at once (everything, or what follows
 * its Last-Event-ID), then it joins the process's shared watch of that campaign.
 */
@Injectable()
export class CampaignEventStream {
  constructor(private readonly streams: CampaignProgressStreams) {}

  async open(correlation: CorrelationContext, organizationId: string, campaignId: string, lastEventId: string | undefined, reply: FastifyReply): Promise<void> {
    const resumedAt = lastEventId !== undefined && /^\d+$/.test(lastEventId.trim()) ? Number(lastEventId) : undefined;
    const first = await this.streams.read(correlation, organizationId, campaignId, resumedAt ?? 0);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write('retry: 2000\n\n');
    let closed = false;
    let stop: () => void = () => undefined;
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    const end = () => {
      if (closed) return;
      closed = true;
      clearInterval(keepAlive);
      stop();
      raw.end();
    };
    const send = (event: ProgressEvent) => {
      if (!closed) raw.write(frame(event));
    };
    // The response closes when the client goes away (or once ended here): stop watching.
    raw.on('close', end);
    // A new watcher sees its first progress at once, whatever the version; a resumed one only what it missed.
    const initial = eventsAfter(first, resumedAt ?? -1).filter((event) => resumedAt !== undefined || event.event !== 'status');
    for (const event of initial) send(event);
    if (initial.some((event) => event.event === 'end')) return end();
    stop = this.streams.watch(correlation, organizationId, campaignId, { seen: first.version, send, end });
  }
}
