import { DATA_CODING, SMPP_STATUS, SmppMessageField, SmppPdu } from './smpp-library';

/** The concatenation header of one part: which message (reference), how many parts, which one. */
export interface ConcatenationHeader {
  reference: number;
  total: number;
  sequence: number;
}

export type SubmittedText =
  | { ok: true; text: string; concatenation?: ConcatenationHeader }
  | { ok: false; status: number; reason: string };

const DECODED_CODINGS: ReadonlySet<number> = new Set(Object.values(DATA_CODING));

/** IEI 0x00 (8-bit reference) or 0x08 (16-bit reference); each IE as the package splits them: [iei, length, ...data]. */
function concatenationOf(udh: readonly Buffer[] | undefined): ConcatenationHeader | undefined {
  for (const element of udh ?? []) {
    if (element[0] === 0x00 && element[1] === 0x03 && element.length >= 5) return { reference: element[2]!, total: element[3]!, sequence: element[4]! };
    if (element[0] === 0x08 && element[1] === 0x04 && element.length >= 6) {
      return { reference: element.readUInt16BE(2), total: element[4]!, sequence: element[5]! };
    }
  }
  return undefined;
}

function fieldOf(value: SmppPdu['short_message']): SmppMessageField | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || Buffer.isBuffer(value)) return { message: value };
  return value;
}

/**
 * The text a submit_sm carries: short_message, or the message_payload TLV when set (then short_message must be
 * empty), decoded by data_coding (0 SMSC default = GSM 03.38 unpacked, 1 IA5, 3 Latin-1, 8 UCS-2), and its
 * concatenation header when the UDH indicator is set. Other data codings (binary, ...) are refused.
 */
export function submittedText(pdu: SmppPdu): SubmittedText {
  const coding = pdu.data_coding ?? 0;
  if (!DECODED_CODINGS.has(coding & 0x0f) || (coding & 0xf0) !== 0) {
    return { ok: false, status: SMPP_STATUS.ESME_RINVDCS, reason: `data_coding ${coding} is not supported (0, 1, 3 or 8)` };
  }
  const short = fieldOf(pdu.short_message);
  const payload = fieldOf(pdu.message_payload);
  const shortText = short?.message;
  if (payload?.message !== undefined && shortText !== undefined && shortText.length > 0) {
    return { ok: false, status: SMPP_STATUS.ESME_RINVMSGLEN, reason: 'short_message and message_payload are both set' };
  }
  const field = payload?.message !== undefined ? payload : short;
  const text = field?.message;
  if (typeof text !== 'string') return { ok: false, status: SMPP_STATUS.ESME_RINVDCS, reason: 'the message could not be decoded' };
  if (text.length === 0) return { ok: false, status: SMPP_STATUS.ESME_RINVMSGLEN, reason: 'the message is empty' };
  const concatenation = ((pdu.esm_class ?? 0) & 0x40) !== 0 ? concatenationOf(field?.udh) : undefined;
  if (concatenation && (concatenation.total === 0 || concatenation.sequence === 0 || concatenation.sequence > concatenation.total)) {
    return { ok: false, status: SMPP_STATUS.ESME_RINVESMCLASS, reason: 'the concatenation header is inconsistent' };
  }
  return { ok: true, text, ...(concatenation && concatenation.total > 1 ? { concatenation } : {}) };
}

/**
 * An SMPP address as E.164: international (TON 1) digits get their `+`; a `+` already there is kept.
 * Anything else that is not 6 to 15 digits is refused (ESME_RINVDSTADR) without a round trip.
 */
export function destinationNumber(pdu: SmppPdu): string | undefined {
  const raw = (pdu.destination_addr ?? '').trim();
  const digits = raw.startsWith('+') ? raw.slice(1) : raw;
  if (!/^\d{6,15}$/.test(digits)) return undefined;
  return `+${digits}`;
}
