import type { DeliveryReport } from '../provider-adapter';

/**
 * SMS.IR's `deliveryState` in its message report (`GET /v1/send/{messageId}`): 1 delivered to the phone,
 * 2 not delivered to the phone, 3 processing at the operator, 4 not delivered to the operator, 5 delivered
 * to the operator, 6 failed, 7 the number is on the blacklist.
 */
const STATES: Record<number, Pick<DeliveryReport, 'status' | 'errorCode'>> = {
  1: { status: 'delivered' },
  2: { status: 'undelivered', errorCode: 'smsir_2' },
  3: { status: 'sent' },
  4: { status: 'failed', errorCode: 'smsir_4' },
  5: { status: 'sent' },
  6: { status: 'failed', errorCode: 'smsir_6' },
  7: { status: 'undelivered', errorCode: 'smsir_7' },
};

export interface SmsIrMessageReport {
  messageId?: number | string;
  deliveryState?: number | null;
  deliveryDateTime?: number | null;
}

/** One report as ours; undefined while SMS.IR has no delivery state for it yet. */
export function smsIrReport(report: SmsIrMessageReport): DeliveryReport | undefined {
  const state = report.deliveryState === null || report.deliveryState === undefined ? undefined : STATES[report.deliveryState];
  if (report.messageId === undefined || !state) return undefined;
  const at = typeof report.deliveryDateTime === 'number' ? new Date(report.deliveryDateTime * 1000).toISOString() : undefined;
  return { providerMessageId: String(report.messageId), ...state, ...(at && state.status !== 'sent' ? { at } : {}) };
}
