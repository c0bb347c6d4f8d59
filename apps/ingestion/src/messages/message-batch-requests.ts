import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { MAX_BATCH_RECIPIENTS, MessageBatchRequested, MessageBatchRequestedPayload, MessageType, ProviderTemplate, RoutePreference, SmsFormat } from '@zagel/contracts';
import { Outbox } from '@zagel/database';

/** A stored bulk message that now needs a route. */
export interface BulkMessage {
  id: string;
  organizationId: string;
  to: string;
  /** ISO 3166 alpha-2 of `to`, passed on so the dispatcher and provider-sender need not parse the number again. */
  country?: string;
  body: string;
  type: MessageType;
  format?: SmsFormat | null;
  udh?: string | null;
  from?: string | null;
  routePreference: RoutePreference;
  expiresAt?: Date | null;
  campaignId?: string | null;
  /** The template it was rendered from, when that has codes at providers (not stored: the sender passes it along). */
  providerTemplate?: ProviderTemplate;
}

const COUNTRY = /^[A-Z]{2}$/;

/** A template's shared part (everything but the variables): what one batch says once for its recipients. */
const templateKey = ({ providerTemplate: template }: BulkMessage) =>
  template ? JSON.stringify([template.id ?? null, template.version ?? null, template.providerCodes]) : '';

const groupKey = (message: BulkMessage) =>
  [message.organizationId, message.type, message.routePreference, message.expiresAt?.toISOString() ?? '', message.campaignId ?? '', templateKey(message)].join('|');

/**
 * Bulk messages as `message.batch.requested` payloads: grouped by what a batch says once for all its
 * recipients (organization, type, route, expiry, campaign, template with its provider codes), in the
 * given order, at most MAX_BATCH_RECIPIENTS each; a templated recipient carries its own variables.
 */
export function messageBatches(messages: readonly BulkMessage[]): MessageBatchRequestedPayload[] {
  const groups = new Map<string, BulkMessage[]>();
  for (const message of messages) {
    const key = groupKey(message);
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }
  const batches: MessageBatchRequestedPayload[] = [];
  for (const group of groups.values()) {
    for (let start = 0; start < group.length; start += MAX_BATCH_RECIPIENTS) {
      const chunk = group.slice(start, start + MAX_BATCH_RECIPIENTS);
      const [first] = chunk;
      const template = first.providerTemplate;
      batches.push({
        batchId: uuidv7(),
        organizationId: first.organizationId,
        messageType: first.type,
        route: first.routePreference,
        ...(first.expiresAt ? { expiresAt: first.expiresAt.toISOString() } : {}),
        ...(first.campaignId ? { campaignId: first.campaignId } : {}),
        ...(template
          ? { template: { ...(template.id ? { id: template.id } : {}), ...(template.version ? { version: template.version } : {}), providerCodes: template.providerCodes } }
          : {}),
        recipients: chunk.map((message) => ({
          messageId: message.id,
          to: message.to,
          body: message.body,
          ...(message.country && COUNTRY.test(message.country) ? { country: message.country } : {}),
          ...(message.format && message.format !== 'text' ? { format: message.format } : {}),
          ...(message.udh ? { udh: message.udh } : {}),
          ...(message.from ? { from: message.from } : {}),
          ...(message.providerTemplate ? { templateVariables: message.providerTemplate.variables } : {}),
        })),
      });
    }
  }
  return batches;
}

/**
 * Asks for the routing of stored bulk messages on the bulk lane: `message.batch.requested` events of
 * at most 500 recipients, written to the outbox in the caller's transaction with one statement, so
 * they go out only if the messages commit. For every feature that sends in bulk (batch sends,
 * campaigns); single sends keep `message.requested`.
 */
@Injectable()
export class MessageBatchRequests {
  /** Returns the batches written. */
  async request(manager: EntityManager, organizationId: string, messages: readonly BulkMessage[]): Promise<MessageBatchRequestedPayload[]> {
    const batches = messageBatches(messages);
    if (batches.length > 0) await Outbox.addMany(manager, MessageBatchRequested, batches, { tenantId: organizationId });
    return batches;
  }
}
