import { createHash } from 'node:crypto';
import type { InboundReportRequest, InboundSms } from '../provider-adapter';
import { inboundAddress } from '../shared/inbound-address';
import { reportFields, stringField } from '../shared/report-body';

/** Field names as SMS.IR writes them in received messages (`/v1/receive/*`), matched without regard to case. */
function field(item: Record<string, unknown>, ...names: string[]): string | undefined {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const key = Object.keys(item).find((name) => wanted.has(name.toLowerCase()));
  return key === undefined ? undefined : stringField(item, key);
}

/** Unix seconds (SMS.IR's times are Unix time, UTC) or an ISO date. */
function receivedTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const at = /^\d+$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

function readOne(item: Record<string, unknown>): InboundSms {
  const mobile = field(item, 'mobile', 'from');
  const text = field(item, 'messageText', 'text');
  if (!mobile || text === undefined) throw new Error('SMS.IR received message without mobile or messageText');
  const line = field(item, 'number', 'lineNumber', 'to');
  const receivedAt = receivedTime(field(item, 'receivedDateTime', 'receiveDateTime'));
  // A received message has no id of its own in every SMS.IR answer; its sender, line, time and text name it.
  const providerMessageId =
    field(item, 'messageId', 'id') ??
    createHash('sha256').update(JSON.stringify([mobile, line ?? '', receivedAt ?? '', text])).digest('hex').slice(0, 40);
  return {
    providerMessageId,
    from: inboundAddress(mobile, 'IR'),
    ...(line ? { to: inboundAddress(line, 'IR') } : {}),
    body: text,
    ...(receivedAt ? { receivedAt } : {}),
  };
}

/**
 * SMS.IR's received-message webhook: one received message (or an array of them, or `{ data: [...] }` as its
 * receive API answers) with mobile, number (the line), messageText and receivedDateTime.
 */
export function parseSmsIrInbound(request: InboundReportRequest): InboundSms[] {
  const document: unknown = reportFields(request);
  const data = Array.isArray(document) ? document : ((document as { data?: unknown }).data ?? document);
  const items = Array.isArray(data) ? data : [data];
  return items.map((item) => {
    if (!item || typeof item !== 'object') throw new Error('SMS.IR received message is not an object');
    return readOne(item as Record<string, unknown>);
  });
}
