import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The destination range SMS pumping abuses: country calling code plus the first national digits
 * (`+44` `7700` for +447700900123 with 4 digits), written without the plus: `44-7700`.
 */
export function destinationPrefix(e164: string, nationalDigits: number): string {
  const number = parsePhoneNumberFromString(e164);
  if (!number) throw new Error(`not an E.164 number: ${e164}`);
  return `${number.countryCallingCode}-${number.nationalNumber.slice(0, nationalDigits)}`;
}

export interface WindowLimit {
  /** Which limit this is, reported when it is hit. */
  name: string;
  key: string;
  limit: number;
  windowSeconds: number;
}

/** Whole seconds until a sliding-window slot frees (at least 1, so a client never retries at once). */
export function retryAfterSeconds(millis: number): number {
  return Math.max(1, Math.ceil(millis / 1_000));
}
