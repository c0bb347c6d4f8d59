import { createHash } from 'node:crypto';
import type { InboundSms } from '../provider-adapter';
import { inboundAddress } from '../shared/inbound-address';
import type { SmppPdu } from './smpp-library';

/** esm_class bits 2-5: the message type. 0 is a short message; receipts and acknowledgements set one of them. */
const ESM_CLASS_MESSAGE_TYPE = 0x3c;
export const ESM_CLASS_RECEIPT = 0x04;

/** TON 5: an alphanumeric sender. */
const TON_ALPHANUMERIC = 5;

/** A deliver_sm that carries a short message from a handset (not a receipt or an acknowledgement). */
export function isMobileOriginated(pdu: Pick<SmppPdu, 'esm_class'>): boolean {
  return ((pdu.esm_class ?? 0) & ESM_CLASS_MESSAGE_TYPE) === 0;
}

type Body = SmppPdu['short_message'];

function partsOf(body: Body): { text: string | Buffer | undefined; udh: Buffer[] } {
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return { text: body, udh: [] };
  return { text: body.message, udh: body.udh ?? [] };
}

/** The concatenation header (IEI 0x00, 8-bit reference, or 0x08, 16-bit) or the SAR TLVs, when the part has one. */
function concatenation(pdu: SmppPdu, udh: Buffer[]): { reference: string; total: number; index: number } | undefined {
  for (const header of udh) {
    if (header[0] === 0x00 && header[1] === 0x03) return { reference: String(header[2]), total: header[3], index: header[4] };
    if (header[0] === 0x08 && header[1] === 0x04) return { reference: String(header.readUInt16BE(2)), total: header[4], index: header[5] };
  }
  if (pdu.sar_msg_ref_num !== undefined && pdu.sar_total_segments !== undefined && pdu.sar_segment_seqnum !== undefined) {
    return { reference: String(pdu.sar_msg_ref_num), total: pdu.sar_total_segments, index: pdu.sar_segment_seqnum };
  }
  return undefined;
}

/**
 * The short message a mobile-originated deliver_sm carries, or undefined for one without text (binary data).
 * The `smpp` library has already decoded the text by data_coding (0 GSM 03.38, 3 Latin-1, 8 UCS-2) and split
 * off the UDH; the text is in message_payload or short_message. SMPP gives an MO no id of its own, so its
 * identity is what it says, who said it to whom, and the minute it arrived: an SMSC that repeats a deliver_sm
 * whose answer it lost (within that minute) repeats the same key.
 */
export function readMobileOriginated(pdu: SmppPdu, now = new Date()): InboundSms | undefined {
  const payload = partsOf(pdu.message_payload);
  const short = partsOf(pdu.short_message);
  const text = payload.text ?? short.text;
  if (typeof text !== 'string') return undefined;
  const source = pdu.source_addr ?? '';
  if (!source) return undefined;
  const from = pdu.source_addr_ton === TON_ALPHANUMERIC ? source : inboundAddress(source);
  const to = pdu.destination_addr ? inboundAddress(pdu.destination_addr) : undefined;
  const part = concatenation(pdu, [...payload.udh, ...short.udh]);
  const minute = now.toISOString().slice(0, 16);
  const providerMessageId = createHash('sha256').update(JSON.stringify([from, to ?? '', text, minute, part ?? null])).digest('hex').slice(0, 40);
  return {
    providerMessageId,
    from,
    ...(to ? { to } : {}),
    body: text,
    receivedAt: now.toISOString(),
    ...(part && part.total > 1 && part.index >= 1 && part.index <= part.total ? { part } : {}),
  };
}
