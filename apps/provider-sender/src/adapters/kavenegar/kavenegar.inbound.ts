import type { InboundReportRequest, InboundSms } from '../provider-adapter';
import { inboundAddress } from '../shared/inbound-address';
import { reportFields, stringField } from '../shared/report-body';

/**
 * A line's receive URL call (the "forward to URL" of a Kavenegar line): messageid, from, to, message, as a
 * form POST or GET query. Senders are Iranian numbers in national form (09…).
 */
export function parseKavenegarInbound(request: InboundReportRequest): InboundSms[] {
  const fields = { ...request.query, ...reportFields(request) };
  const providerMessageId = stringField(fields, 'messageid');
  const from = stringField(fields, 'from');
  const body = stringField(fields, 'message');
  if (!providerMessageId || !from || body === undefined) throw new Error('Kavenegar receive call without messageid, from or message');
  const to = stringField(fields, 'to');
  return [{ providerMessageId, from: inboundAddress(from, 'IR'), ...(to ? { to: inboundAddress(to, 'IR') } : {}), body }];
}
