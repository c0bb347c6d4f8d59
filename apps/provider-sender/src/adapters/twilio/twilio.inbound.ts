import type { InboundAnswer, InboundReportRequest, InboundSms } from '../provider-adapter';
import { inboundAddress } from '../shared/inbound-address';
import { reportFields, stringField } from '../shared/report-body';

/** Twilio reads the answer as TwiML: an empty document means "no reply". */
export const TWILIO_INBOUND_ANSWER: InboundAnswer = {
  status: 200,
  contentType: 'text/xml',
  body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
};

/** An incoming-message webhook: form fields MessageSid, From, To, Body (Twilio concatenates long messages itself). */
export function parseTwilioInbound(request: InboundReportRequest): InboundSms[] {
  const fields = reportFields(request);
  const providerMessageId = stringField(fields, 'MessageSid') ?? stringField(fields, 'SmsMessageSid') ?? stringField(fields, 'SmsSid');
  const from = stringField(fields, 'From');
  if (!providerMessageId || !from) throw new Error('Twilio incoming message without MessageSid or From');
  const to = stringField(fields, 'To');
  return [{ providerMessageId, from: inboundAddress(from), ...(to ? { to: inboundAddress(to) } : {}), body: stringField(fields, 'Body') ?? '' }];
}
