import type { InboundReportRequest, InboundSms } from '../provider-adapter';
import { inboundAddress } from '../shared/inbound-address';
import { reportFields, stringField } from '../shared/report-body';

/** A message URL request for an incoming SMS: From, To, Text, Type, MessageUUID (form POST, or query on GET). */
export function parsePlivoInbound(request: InboundReportRequest): InboundSms[] {
  const fields = reportFields(request);
  const providerMessageId = stringField(fields, 'MessageUUID');
  const from = stringField(fields, 'From');
  if (!providerMessageId || !from) throw new Error('Plivo incoming message without MessageUUID or From');
  const type = stringField(fields, 'Type')?.toLowerCase();
  if (type && type !== 'sms' && type !== 'mms') return [];
  const to = stringField(fields, 'To');
  return [{ providerMessageId, from: inboundAddress(from), ...(to ? { to: inboundAddress(to) } : {}), body: stringField(fields, 'Text') ?? '' }];
}
