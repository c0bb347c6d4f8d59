import type { InboundReportRequest, InboundSms } from '../provider-adapter';
import { inboundAddress } from '../shared/inbound-address';
import { reportFields, stringField } from '../shared/report-body';

/** A reply (two-way) callback, JSON: messageId, fromNumber, toNumber, text, timestamp (epoch milliseconds). */
export function parseClickatellInbound(request: InboundReportRequest): InboundSms[] {
  const fields = reportFields(request);
  const providerMessageId = stringField(fields, 'messageId') ?? stringField(fields, 'moMessageId');
  const from = stringField(fields, 'fromNumber') ?? stringField(fields, 'from');
  if (!providerMessageId || !from) throw new Error('Clickatell reply without messageId or fromNumber');
  const to = stringField(fields, 'toNumber') ?? stringField(fields, 'to');
  const timestamp = Number(stringField(fields, 'timestamp'));
  const receivedAt = Number.isFinite(timestamp) && timestamp > 0 ? new Date(timestamp).toISOString() : undefined;
  return [
    {
      providerMessageId,
      from: inboundAddress(from),
      ...(to ? { to: inboundAddress(to) } : {}),
      body: stringField(fields, 'text') ?? stringField(fields, 'content') ?? '',
      ...(receivedAt ? { receivedAt } : {}),
    },
  ];
}
