import type { DeliveryReport, DeliveryReportStatus, InboundReportRequest } from '../provider-adapter';
import { reportFields, stringField } from '../shared/report-body';

const STATUSES: Record<string, DeliveryReportStatus> = {
  accepted: 'sent',
  scheduled: 'sent',
  queued: 'sent',
  sending: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
};

/** A StatusCallback: form fields (or a JSON object with the same names) MessageSid, MessageStatus, ErrorCode. */
export function parseTwilioReport(request: InboundReportRequest): DeliveryReport[] {
  const fields = reportFields(request);
  const providerMessageId = stringField(fields, 'MessageSid') ?? stringField(fields, 'SmsSid');
  const rawStatus = (stringField(fields, 'MessageStatus') ?? stringField(fields, 'SmsStatus'))?.toLowerCase();
  if (!providerMessageId || !rawStatus) throw new Error('Twilio status callback without MessageSid or MessageStatus');
  const status = STATUSES[rawStatus];
  if (!status) throw new Error(`unknown Twilio message status '${rawStatus}'`);
  const errorCode = stringField(fields, 'ErrorCode');
  return [{ providerMessageId, status, ...(errorCode && errorCode !== '0' ? { errorCode } : {}) }];
}
