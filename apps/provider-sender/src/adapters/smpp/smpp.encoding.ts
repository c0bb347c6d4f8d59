import type { SmsFormat } from '@zagel/contracts';
import { analyzeSms, splitBinary, splitSms } from '@zagel/sms-encoding';
import { encodeGsm7 } from './smpp-library';

/**
 * data_coding: SMSC default alphabet (GSM 03.38), UCS-2 (UTF-16BE), 8-bit data; and the message class 0
 * (flash: shown, not stored) codings of the first two (GSM 03.38 data coding group 0001, class bits 00).
 */
export const DATA_CODING = { GSM7: 0x00, UCS2: 0x08, BINARY: 0x04, GSM7_CLASS0: 0x10, UCS2_CLASS0: 0x18 } as const;
const ESM_CLASS_UDHI = 0x40;

export interface SubmitPart {
  data_coding: number;
  esm_class: number;
  short_message?: Buffer;
  message_payload?: Buffer;
}

function encode(text: string, gsm: boolean): Buffer {
  return gsm ? encodeGsm7(text) : Buffer.from(text, 'utf16le').swap16();
}

/**
 * A binary message's submits: 8-bit data (data_coding 4), each segment's UDH before its data with the UDHI
 * bit of esm_class set; a segment without UDH (a short payload given none) is plain data.
 */
function binaryParts(payloadHex: string, udhHex: string | undefined, reference: number): SubmitPart[] {
  return splitBinary(payloadHex, udhHex, reference).map((segment) => ({
    data_coding: DATA_CODING.BINARY,
    esm_class: segment.udh ? ESM_CLASS_UDHI : 0,
    short_message: segment.udh ? Buffer.concat([segment.udh, segment.data]) : segment.data,
  }));
}

/**
 * The submit_sm bodies for one message. A text's encoding follows the text (GSM-7 when every character is in the
 * GSM alphabet, otherwise UCS-2; always UCS-2 for `unicode`), so the split always matches the alphabet on the
 * wire; `flash` sends the same text with the class 0 coding. A single-segment text goes in short_message. A
 * longer one either goes whole in message_payload (one submit, one message id), or is split as `splitSms` splits
 * it, each part carrying the 6-octet concatenation UDH (IEI 0x00, 8-bit reference). `binary`: see binaryParts.
 */
export function buildSubmitParts(
  body: string,
  longMessages: 'payload' | 'udh',
  reference: number,
  format: SmsFormat = 'text',
  udh?: string,
): SubmitPart[] {
  if (format === 'binary') return binaryParts(body, udh, reference);
  const forced = format === 'unicode' ? 'UCS-2' : undefined;
  const analysis = analyzeSms(body, forced);
  const gsm = analysis.encoding === 'GSM-7';
  const flash = format === 'flash';
  const data_coding = gsm ? (flash ? DATA_CODING.GSM7_CLASS0 : DATA_CODING.GSM7) : flash ? DATA_CODING.UCS2_CLASS0 : DATA_CODING.UCS2;
  if (analysis.segments === 1) return [{ data_coding, esm_class: 0, short_message: encode(body, gsm) }];
  if (longMessages === 'payload') return [{ data_coding, esm_class: 0, message_payload: encode(body, gsm) }];
  const parts = splitSms(body, forced);
  return parts.map((part, index) => ({
    data_coding,
    esm_class: ESM_CLASS_UDHI,
    short_message: Buffer.concat([Buffer.from([0x05, 0x00, 0x03, reference & 0xff, parts.length, index + 1]), encode(part, gsm)]),
  }));
}
