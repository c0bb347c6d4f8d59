import { Injectable } from '@nestjs/common';
import { CancelMessage, GetMessage, ListMessages, ListMessagesRequest, RedactMessage, SendMessage, TwilioSidPrefix, uuidOfTwilioSid } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { TwilioErrors } from './twilio-errors';
import { accountPath, acceptedMessageResource, messageResource, TwilioMessageResource } from './twilio-message-resource';
import { messageContentOf, TwilioForm } from './twilio-message-form';

const DEFAULT_PAGE_SIZE = 50;
/** GET /v1/messages pages hold at most 100; a larger Twilio PageSize gets pages of 100. */
const MAX_PAGE_SIZE = 100;
/** As long as a From filter the message list takes (a phone number, an alphanumeric sender or a channel address). */
const MAX_FROM_FILTER = 64;

export interface TwilioMessagePage {
  messages: TwilioMessageResource[];
  first_page_uri: string;
  next_page_uri: string | null;
  previous_page_uri: string | null;
  page: number;
  page_size: number;
  start: number;
  end: number;
  uri: string;
}

/** The organization a request's Account SID names: the caller's own, or Twilio's 404. */
export function requireOwnAccount(principal: Principal, accountSid: string, path: string): string {
  const organizationId = uuidOfTwilioSid(TwilioSidPrefix.Account, accountSid);
  if (!organizationId || organizationId !== principal.organizationId) throw TwilioErrors.notFound(path);
  return organizationId;
}

/** The organization and message a message SID names, or Twilio's 404 for its path. */
function messageOf(principal: Principal, accountSid: string, messageSid: string): { organizationId: string; messageId: string } {
  const path = `${accountPath(accountSid)}/Messages/${messageSid}.json`;
  const organizationId = requireOwnAccount(principal, accountSid, path);
  const messageId = uuidOfTwilioSid(TwilioSidPrefix.Message, messageSid);
  if (!messageId) throw TwilioErrors.notFound(path);
  return { organizationId, messageId };
}

function integer(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw TwilioErrors.invalidParameter(name, `an integer of at least ${min}`);
  return parsed;
}

function day(value: string, name: string): Date {
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at.getTime())) throw TwilioErrors.invalidParameter(name, 'a date (YYYY-MM-DD)');
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

const DAY_MS = 86_400_000;

/**
 * The Messages resource of Twilio's API over Zagel's own message RPCs (the ones /v1/messages
 * calls): a create is an ordinary send, a fetch and a list read the same records, the list's
 * Twilio paging carried by GET /v1/messages' cursor in PageToken.
 */
@Injectable()
export class TwilioMessages {
  constructor(private readonly rpc: ServiceRpc) {}

  async create(correlation: CorrelationContext, principal: Principal, accountSid: string, form: TwilioForm): Promise<TwilioMessageResource> {
    const organizationId = requireOwnAccount(principal, accountSid, `${accountPath(accountSid)}/Messages.json`);
    const now = new Date();
    const { content, twilio } = messageContentOf(form, now);
    const accepted = await this.rpc.call(correlation, 'ingestion', SendMessage, { ...content, organizationId });
    return acceptedMessageResource(organizationId, accepted, { body: content.body!, twilio }, now);
  }

  async fetch(correlation: CorrelationContext, principal: Principal, accountSid: string, messageSid: string): Promise<TwilioMessageResource> {
    const { organizationId, messageId } = messageOf(principal, accountSid, messageSid);
    return messageResource(organizationId, await this.rpc.call(correlation, 'ingestion', GetMessage, { organizationId, messageId }));
  }

  /**
   * Twilio's message update, one of two things: `Status=canceled` cancels a message that has not
   * left yet (POST /v1/messages/{id}/cancel; 30409 once it has), an empty `Body` redacts one that has
   * (POST /v1/messages/{id}/redact). Anything else is Twilio's 30400.
   */
  async update(correlation: CorrelationContext, principal: Principal, accountSid: string, messageSid: string, form: TwilioForm): Promise<TwilioMessageResource> {
    const { organizationId, messageId } = messageOf(principal, accountSid, messageSid);
    const { Body: body, Status: status } = form;
    if (body !== undefined && status !== undefined) throw TwilioErrors.invalidUpdate('cancel or redact, not both at once');
    if (status !== undefined) {
      if (status !== 'canceled') throw TwilioErrors.invalidUpdate("Status can only be 'canceled'");
      return messageResource(organizationId, await this.rpc.call(correlation, 'ingestion', CancelMessage, { organizationId, messageId }));
    }
    if (body === undefined) throw TwilioErrors.invalidUpdate('Body or Status is required');
    if (body !== '') throw TwilioErrors.invalidUpdate('a body can only be redacted (an empty Body)');
    return messageResource(organizationId, await this.rpc.call(correlation, 'ingestion', RedactMessage, { organizationId, messageId }));
  }

  async list(correlation: CorrelationContext, principal: Principal, accountSid: string, query: TwilioForm): Promise<TwilioMessagePage> {
    const base = `${accountPath(accountSid)}/Messages.json`;
    const organizationId = requireOwnAccount(principal, accountSid, base);
    const pageSize = Math.min(integer(query.PageSize, 'PageSize', 1) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const page = integer(query.Page, 'Page', 0) ?? 0;
    const request: ListMessagesRequest = { organizationId, limit: pageSize, ...(query.PageToken ? { cursor: query.PageToken } : {}) };
    const filters = new URLSearchParams();
    if (query.To) {
      request.to = query.To;
      filters.set('To', query.To);
    }
    if (query.From) {
      if (query.From.length > MAX_FROM_FILTER) throw TwilioErrors.invalidParameter('From', `at most ${MAX_FROM_FILTER} characters`);
      request.twilioFrom = query.From;
      filters.set('From', query.From);
    }
    // Zagel filters by when a message was created; a message is sent within seconds of it.
    const sentOn = query.DateSent;
    const sentBefore = query['DateSent<'];
    const sentAfter = query['DateSent>'];
    if (sentOn) {
      const start = day(sentOn, 'DateSent');
      [request.from, request.until] = [start.toISOString(), new Date(start.getTime() + DAY_MS).toISOString()];
      filters.set('DateSent', sentOn);
    }
    if (sentBefore) {
      request.until = new Date(day(sentBefore, 'DateSent<').getTime() + DAY_MS).toISOString();
      filters.set('DateSent<', sentBefore);
    }
    if (sentAfter) {
      request.from = day(sentAfter, 'DateSent>').toISOString();
      filters.set('DateSent>', sentAfter);
    }
    const result = await this.rpc.call(correlation, 'ingestion', ListMessages, request);
    const pageUri = (number: number, token?: string) => {
      const params = new URLSearchParams(filters);
      params.set('PageSize', String(pageSize));
      params.set('Page', String(number));
      if (token) params.set('PageToken', token);
      return `${base}?${params.toString()}`;
    };
    const start = page * pageSize;
    return {
      messages: result.items.map((message) => messageResource(organizationId, message)),
      first_page_uri: pageUri(0),
      // Zagel's cursors run forward only: Twilio's clients follow next_page_uri.
      next_page_uri: result.nextCursor ? pageUri(page + 1, result.nextCursor) : null,
      previous_page_uri: null,
      page,
      page_size: pageSize,
      start,
      end: start + Math.max(result.items.length - 1, 0),
      uri: pageUri(page, query.PageToken),
    };
  }
}
