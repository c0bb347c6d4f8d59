import type { DeliveryReport, DeliveryReportStatus } from '../provider-adapter';

/** SMPP 3.4 Appendix B message states (`stat:` text, or the message_state TLV's number). */
const STATES: Record<string, DeliveryReportStatus> = {
  ENROUTE: 'sent',
  ACCEPTD: 'sent',
  UNKNOWN: 'sent',
  DELIVRD: 'delivered',
  EXPIRED: 'undelivered',
  UNDELIV: 'undelivered',
  DELETED: 'failed',
  REJECTD: 'failed',
};
const STATE_BY_NUMBER = ['', 'ENROUTE', 'DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD'];

/** `YYMMDDhhmm` (or with seconds) in the receipt text, taken as UTC. */
function doneDate(value: string | undefined): string | undefined {
  const match = value && /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(value);
  if (!match) return undefined;
  const [, yy, mm, dd, hh, mi, ss] = match;
  const at = new Date(Date.UTC(2000 + Number(yy), Number(mm) - 1, Number(dd), Number(hh), Number(mi), Number(ss ?? 0)));
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

export interface ReceiptFields {
  /** The decoded short_message text. */
  text: string;
  /** TLVs, when the SMSC sends them: they win over the text. */
  receiptedMessageId?: string;
  messageState?: number;
}

/**
 * A delivery receipt (deliver_sm with esm_class bit 2): `id:<id> sub:001 dlvrd:001 submit date:<d> done
 * date:<d> stat:DELIVRD err:000 text:...`. Returns undefined for a deliver_sm that is not a receipt we can read.
 */
export function parseReceipt(fields: ReceiptFields): DeliveryReport | undefined {
  const values = new Map<string, string>();
  for (const match of fields.text.matchAll(/(id|sub|dlvrd|submit date|done date|stat|err):(\S*)/gi)) {
    values.set(match[1].toLowerCase(), match[2]);
  }
  const providerMessageId = fields.receiptedMessageId ?? values.get('id');
  const state = fields.messageState !== undefined ? STATE_BY_NUMBER[fields.messageState] : values.get('stat')?.toUpperCase();
  const status = state ? STATES[state] : undefined;
  if (!providerMessageId || !status) return undefined;
  const err = values.get('err');
  const at = doneDate(values.get('done date'));
  const errorCode = status === 'delivered' || !err || /^0+$/.test(err) ? undefined : err;
  return { providerMessageId, status, ...(errorCode ? { errorCode } : {}), ...(at ? { at } : {}) };
}
