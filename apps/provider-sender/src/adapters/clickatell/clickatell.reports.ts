import type { DeliveryReport, DeliveryReportStatus, InboundReportRequest } from '../provider-adapter';
import { reportFields, stringField } from '../shared/report-body';

/** Clickatell message status codes as carried in `statusCode`. */
const STATUSES: Record<string, DeliveryReportStatus> = {
  '1': 'sent', // message unknown (yet)
  '2': 'sent', // queued
  '3': 'sent', // delivered to gateway
  '4': 'delivered', // received by recipient
  '5': 'failed', // error with message (content)
  '6': 'failed', // cancelled
  '7': 'undelivered', // error delivering to the handset
  '8': 'sent', // received by the gateway
  '9': 'failed', // routing error
  '10': 'undelivered', // expired
  '11': 'sent', // delayed delivery
  '12': 'failed', // out of credit
  '14': 'failed', // maximum MT limit exceeded
};

/** A message status callback (JSON): messageId, statusCode, timestamp (epoch milliseconds). */
export function parseClickatellReport(request: InboundReportRequest): DeliveryReport[] {
  const fields = reportFields(request);
  const providerMessageId = stringField(fields, 'messageId') ?? stringField(fields, 'apiMessageId');
  const rawStatus = stringField(fields, 'statusCode');
  if (!providerMessageId || !rawStatus) throw new Error('Clickatell callback without messageId or statusCode');
  const code = String(Number(rawStatus));
  const status = STATUSES[code];
  if (!status) throw new Error(`unknown Clickatell status code '${rawStatus}'`);
  const timestamp = Number(stringField(fields, 'timestamp'));
  const at = Number.isFinite(timestamp) && timestamp > 0 ? new Date(timestamp).toISOString() : undefined;
  return [{ providerMessageId, status, ...(status === 'failed' || status === 'undelivered' ? { errorCode: code } : {}), ...(at ? { at } : {}) }];
}
