import type { DeliveryReport, DeliveryReportStatus, InboundReportRequest } from '../provider-adapter';
import { reportFields, stringField } from '../shared/report-body';

const STATUSES: Record<string, DeliveryReportStatus> = {
  queued: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  rejected: 'failed',
};

/** A message status callback: MessageUUID, Status, ErrorCode (form POST by default, GET query or JSON otherwise). */
export function parsePlivoReport(request: InboundReportRequest): DeliveryReport[] {
  const fields = reportFields(request);
  const providerMessageId = stringField(fields, 'MessageUUID');
  const rawStatus = stringField(fields, 'Status')?.toLowerCase();
  if (!providerMessageId || !rawStatus) throw new Error('Plivo callback without MessageUUID or Status');
  const status = STATUSES[rawStatus];
  if (!status) throw new Error(`unknown Plivo message status '${rawStatus}'`);
  const errorCode = stringField(fields, 'ErrorCode');
  return [{ providerMessageId, status, ...(errorCode && errorCode !== '000' && errorCode !== '0' ? { errorCode } : {}) }];
}
