import type { DeliveryReport, DeliveryReportStatus, InboundReportRequest } from '../provider-adapter';
import { reportFields, stringField } from '../shared/report-body';

/** Kavenegar message statuses (the `status` of sms/status and of delivery callbacks). */
const STATUSES: Record<string, DeliveryReportStatus> = {
  '1': 'sent', // in the send queue
  '2': 'sent', // scheduled
  '4': 'sent', // handed to the operator
  '5': 'sent', // handed to the operator
  '6': 'failed', // failed
  '10': 'delivered',
  '11': 'undelivered',
  '13': 'failed', // cancelled by the sender
  '14': 'undelivered', // blocked by the recipient
};

/** A delivery callback: `messageid` and `status` (form POST, or query on GET). */
export function parseKavenegarReport(request: InboundReportRequest): DeliveryReport[] {
  const fields = { ...request.query, ...reportFields(request) };
  const providerMessageId = stringField(fields, 'messageid');
  const rawStatus = stringField(fields, 'status');
  if (!providerMessageId || !rawStatus) throw new Error('Kavenegar callback without messageid or status');
  const status = kavenegarStatus(rawStatus);
  if (!status) throw new Error(`unknown Kavenegar message status '${rawStatus}'`);
  return [{ providerMessageId, ...status }];
}

/** A Kavenegar message status as ours (the native status is the error code of a failure); undefined when unknown. */
export function kavenegarStatus(raw: string): Pick<DeliveryReport, 'status' | 'errorCode'> | undefined {
  const status = STATUSES[raw];
  if (!status) return undefined;
  return { status, ...(status === 'delivered' || status === 'sent' ? {} : { errorCode: raw }) };
}
