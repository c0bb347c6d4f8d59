import { ServerSentEvent } from './event-stream';
import { Schema } from './typed-paths';

export type CampaignView = Schema<'CampaignView'>;

/**
 * One event of `GET /v1/campaigns/{id}/events`: `progress` with the campaign (counters, cost) as it
 * now stands, `status` when it changes, and `end` (the final campaign) once it is completed,
 * canceled or failed: the server closes the stream after it.
 */
export type CampaignProgressEvent =
  | { event: 'progress'; id?: string; campaign: CampaignView }
  | { event: 'status'; id?: string; status: CampaignView['status']; at: string }
  | { event: 'end'; id?: string; campaign: CampaignView };

/** The typed campaign event of a Server-Sent Event; undefined for a name this version does not know. */
export function campaignProgressEvent(event: ServerSentEvent): CampaignProgressEvent | undefined {
  switch (event.event) {
    case 'progress':
    case 'end':
      return { event: event.event, id: event.id, campaign: event.data as CampaignView };
    case 'status': {
      const { status, at } = event.data as { status: CampaignView['status']; at: string };
      return { event: 'status', id: event.id, status, at };
    }
    default:
      return undefined;
  }
}
