import { DEVICE_SMS_FORMATS, SmsFormat } from '@zagel/contracts';
import { lookupCarrier, normalizePhoneNumber } from '@zagel/phone';
import { carrierKey } from '../pools/pool-identity';

export interface Destination {
  country: string;
  carrier: string | null;
}

const CACHE_LIMIT = 50_000;
const cache = new Map<string, Destination>();

/**
 * The country and carrier (from the number's range) a message goes to. Cached: the carrier table
 * lookup is the slowest step of the hot path, and the same numbers come back (OTP resends).
 */
export async function destinationOf(e164: string): Promise<Destination | null> {
  const known = cache.get(e164);
  if (known) return known;
  const normalized = normalizePhoneNumber(e164);
  if (!normalized.ok) return null;
  const destination = { country: normalized.country, carrier: carrierKey(await lookupCarrier(normalized.e164)) };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(e164, destination);
  return destination;
}

/**
 * Whether a pool phone can send this message: a phone's SMS app sends text (GSM-7 or UCS-2) from its SIM's own
 * number, so a flash or binary message, or one asking for another sender, goes to the providers.
 */
export function phoneCanSend(message: { format?: SmsFormat; from?: string }): boolean {
  return DEVICE_SMS_FORMATS.includes(message.format ?? 'text') && message.from === undefined;
}
