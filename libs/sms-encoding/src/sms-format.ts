import { analyzeBinary } from './binary-sms';
import { analyzeSms, SmsEncoding } from './sms-encoding';

/** The wire formats a message can take (the contracts' `SmsFormat`). */
export type WireFormat = 'text' | 'unicode' | 'flash' | 'binary';
export type WireEncoding = SmsEncoding | '8-bit';

/**
 * How a well-formed message of a format goes on the wire: a text as its characters need, a `unicode` text as
 * UCS-2, a `binary` body (hex) as 8-bit octets with its UDH. Throws on a malformed binary message (checked
 * when it was accepted).
 */
export function measureMessage(format: WireFormat | undefined, body: string, udh?: string): { encoding: WireEncoding; segments: number } {
  if (format === 'binary') {
    const binary = analyzeBinary(body, udh);
    if (!binary.ok) throw new Error(binary.reason);
    return { encoding: '8-bit', segments: binary.segments };
  }
  const analysis = analyzeSms(body, format === 'unicode' ? 'UCS-2' : undefined);
  return { encoding: analysis.encoding, segments: analysis.segments };
}
