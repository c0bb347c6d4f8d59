import { ALPHANUMERIC_SENDER_ID, DEVICE_SMS_FORMATS, IngestionErrorCode, NUMERIC_SENDER_ID, SmsFormat } from '@zagel/contracts';
import { analyzeBinary, analyzeSms } from '@zagel/sms-encoding';

export type Measured =
  | { ok: true; encoding: 'GSM-7' | 'UCS-2' | '8-bit'; segments: number; onlyProviders: boolean }
  | { ok: false; code: IngestionErrorCode; reason: string };

/**
 * Encoding and segments of a body in its format: a text as its characters need (GSM-7 or UCS-2), a `unicode`
 * text always as UCS-2, a `binary` body as the 8-bit octets its hex gives, with its UDH, 140 octets a segment.
 * `onlyProviders`: a format the device pool cannot send.
 */
export function measureContent(format: SmsFormat, body: string, udh: string | undefined): Measured {
  const onlyProviders = !DEVICE_SMS_FORMATS.includes(format);
  if (format === 'binary') {
    const binary = analyzeBinary(body, udh);
    if (!binary.ok) return { ok: false, code: IngestionErrorCode.InvalidBinary, reason: binary.reason };
    return { ok: true, encoding: '8-bit', segments: binary.segments, onlyProviders };
  }
  if (udh !== undefined) return { ok: false, code: IngestionErrorCode.InvalidBinary, reason: 'udh is only for binary messages' };
  const analysis = analyzeSms(body, format === 'unicode' ? 'UCS-2' : undefined);
  return { ok: true, encoding: analysis.encoding, segments: analysis.segments, onlyProviders };
}

/**
 * Countries whose networks take no alphanumeric sender id (carriers overwrite or block it): a message to them
 * must come from a number. Kept to what the providers document plainly (Twilio, Vonage, AWS SNS: US and Canada).
 */
const NUMERIC_SENDER_ONLY = new Set(['US', 'CA']);

/** Why a sender id cannot be used for this destination country, or undefined. */
export function senderProblem(from: string, country: string): { code: IngestionErrorCode; reason: string } | undefined {
  if (NUMERIC_SENDER_ID.test(from)) return undefined;
  if (!ALPHANUMERIC_SENDER_ID.test(from)) {
    return {
      code: IngestionErrorCode.InvalidSenderId,
      reason: 'from must be a number (E.164, a short code or a line) or an alphanumeric id of at most 11 letters, digits or spaces with at least one letter',
    };
  }
  if (NUMERIC_SENDER_ONLY.has(country)) {
    return { code: IngestionErrorCode.SenderIdNotSupported, reason: `${country} does not allow alphanumeric sender ids: send from a number` };
  }
  return undefined;
}
