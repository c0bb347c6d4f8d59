import type { InboundReportRequest, InboundSms } from '../provider-adapter';
import { inboundAddress } from '../shared/inbound-address';
import { reportFields, stringField } from '../shared/report-body';
import { vonageTimestamp } from './vonage.reports';

/**
 * An SMS API inbound message (GET query, form POST or JSON): msisdn, to, messageId, text, type,
 * message-timestamp, and for a long message one request per part with concat-ref/-total/-part.
 * A binary message carries no text and is not read.
 */
export function parseVonageInbound(request: InboundReportRequest): InboundSms[] {
  const fields = reportFields(request);
  const providerMessageId = stringField(fields, 'messageId');
  const msisdn = stringField(fields, 'msisdn');
  if (!providerMessageId || !msisdn) throw new Error('Vonage inbound message without messageId or msisdn');
  if (stringField(fields, 'type') === 'binary') return [];
  const to = stringField(fields, 'to');
  const receivedAt = vonageTimestamp(stringField(fields, 'message-timestamp'));
  const sms: InboundSms = {
    providerMessageId,
    from: inboundAddress(msisdn),
    ...(to ? { to: inboundAddress(to) } : {}),
    body: stringField(fields, 'text') ?? '',
    ...(receivedAt ? { receivedAt } : {}),
  };
  const reference = stringField(fields, 'concat-ref');
  const total = Number(stringField(fields, 'concat-total'));
  const index = Number(stringField(fields, 'concat-part'));
  if (stringField(fields, 'concat') === 'true' && reference && total > 1 && index >= 1 && index <= total) {
    sms.part = { reference, total, index };
  }
  return [sms];
}
