import { createHmac } from 'node:crypto';
import { DELIVERY_REPORT_STATUSES, type DeliveryReport, type DeliveryReportStatus, type InboundReportRequest } from '../provider-adapter';
import { readJsonPath } from '../shared/json-path';
import { reportFields, reportIsJson, safeEqual } from '../shared/report-body';
import type { HttpGatewaySettings } from './http.settings';

function text(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function readOne(item: unknown, settings: HttpGatewaySettings): DeliveryReport {
  const providerMessageId = text(readJsonPath(item, settings.reportIdPath!));
  const rawStatus = text(readJsonPath(item, settings.reportStatusPath!));
  if (!providerMessageId || !rawStatus) throw new Error('report without an id or a status at the configured paths');
  const mapped = settings.reportStatusMap?.[rawStatus] ?? rawStatus;
  if (!(DELIVERY_REPORT_STATUSES as readonly string[]).includes(mapped)) throw new Error(`unmapped report status '${rawStatus}'`);
  const errorCode = settings.reportErrorCodePath ? text(readJsonPath(item, settings.reportErrorCodePath)) : undefined;
  return { providerMessageId, status: mapped as DeliveryReportStatus, ...(errorCode ? { errorCode } : {}) };
}

/** Reads one report (or an array of them) with the account's JSON paths; form and query reports use field names. */
export function parseHttpGatewayReport(request: InboundReportRequest, settings: HttpGatewaySettings): DeliveryReport[] {
  if (!settings.reportIdPath || !settings.reportStatusPath) throw new Error('this HTTP gateway account has no report mapping');
  const document: unknown = reportIsJson(request) ? JSON.parse(request.rawBody) : reportFields(request);
  const items = settings.reportItemsPath ? readJsonPath(document, settings.reportItemsPath) : document;
  return Array.isArray(items) ? items.map((item) => readOne(item, settings)) : [readOne(items, settings)];
}

/** HMAC-SHA256 of the raw body with the shared secret, compared in constant time. */
export function verifyHttpGatewaySignature(request: InboundReportRequest, settings: HttpGatewaySettings): boolean {
  if (!settings.reportSigningSecret || !settings.reportSignatureHeader) return false;
  const received = request.headers[settings.reportSignatureHeader.toLowerCase()];
  if (!received) return false;
  const digest = createHmac('sha256', settings.reportSigningSecret)
    .update(request.rawBody, 'utf8')
    .digest(settings.reportSignatureEncoding ?? 'hex');
  return safeEqual(received, `${settings.reportSignaturePrefix ?? ''}${digest}`);
}
