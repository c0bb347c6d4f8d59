import { analyzeSms, splitSms } from '@zagel/sms-encoding';
import { encodeGsm7 } from './smpp-library';

/** data_coding: SMSC default alphabet (GSM 03.38) or UCS-2 (UTF-16BE). */
export const DATA_CODING = { GSM7: 0x00, UCS2: 0x08 } as const;
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
 * The submit_sm bodies for one message. The encoding follows the text (GSM-7 when every character is in the
 * GSM alphabet, otherwise UCS-2), so the split always matches the alphabet on the wire. A single-segment text
 * goes in short_message. A longer one either goes whole in message_payload (one submit, one message id), or
 * is split as `splitSms` splits it, each part carrying the 6-octet concatenation UDH (IEI 0x00, 8-bit reference).
 */
export function buildSubmitParts(body: string, longMessages: 'payload' | 'udh', reference: number): SubmitPart[] {
  const analysis = analyzeSms(body);
  const gsm = analysis.encoding === 'GSM-7';
  const data_coding = gsm ? DATA_CODING.GSM7 : DATA_CODING.UCS2;
  if (analysis.segments === 1) return [{ data_coding, esm_class: 0, short_message: encode(body, gsm) }];
  if (longMessages === 'payload') return [{ data_coding, esm_class: 0, message_payload: encode(body, gsm) }];
  const parts = splitSms(body);
  return parts.map((part, index) => ({
    data_coding,
    esm_class: ESM_CLASS_UDHI,
    short_message: Buffer.concat([Buffer.from([0x05, 0x00, 0x03, reference & 0xff, parts.length, index + 1]), encode(part, gsm)]),
  }));
}
