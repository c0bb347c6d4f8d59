import type { InboundReportRequest, InboundSms } from '../provider-adapter';
import { inboundAddress } from '../shared/inbound-address';
import { readJsonPath } from '../shared/json-path';
import { reportFields, reportIsJson } from '../shared/report-body';
import type { HttpGatewaySettings } from './http.settings';

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function readOne(item: unknown, settings: HttpGatewaySettings): InboundSms {
  const providerMessageId = text(readJsonPath(item, settings.inboundIdPath!));
  const from = text(readJsonPath(item, settings.inboundFromPath!));
  const body = text(readJsonPath(item, settings.inboundBodyPath!));
  if (!providerMessageId || !from || body === undefined) throw new Error('inbound message without an id, a sender or a body at the configured paths');
  const to = settings.inboundToPath ? text(readJsonPath(item, settings.inboundToPath)) : undefined;
  return { providerMessageId, from: inboundAddress(from), ...(to ? { to: inboundAddress(to) } : {}), body };
}

/** Reads one inbound SMS (or an array of them) with the account's inbound paths. */
export function parseHttpGatewayInbound(request: InboundReportRequest, settings: HttpGatewaySettings): InboundSms[] {
  if (!settings.inboundIdPath || !settings.inboundFromPath || !settings.inboundBodyPath) {
    throw new Error('this HTTP gateway account has no inbound mapping (inboundIdPath, inboundFromPath, inboundBodyPath)');
  }
  const document: unknown = reportIsJson(request) ? JSON.parse(request.rawBody) : reportFields(request);
  const items = settings.inboundItemsPath ? readJsonPath(document, settings.inboundItemsPath) : document;
  return Array.isArray(items) ? items.map((item) => readOne(item, settings)) : [readOne(items, settings)];
}
