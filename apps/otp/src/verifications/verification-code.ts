import { randomInt } from 'node:crypto';

export const NUMERIC_ALPHABET = '0123456789';
/** Upper-case letters and digits without the look-alikes 0/O, 1/I/L (and U/V, 5/S, 2/Z, 8/B kept apart by dropping U, S, Z, B). */
export const ALPHANUMERIC_ALPHABET = 'ACDEFGHJKMNPQRTVWXY3456789';

/** A one-time code drawn with the CSPRNG, each character uniform over its alphabet. */
export function generateCode(length: number, alphanumeric: boolean): string {
  const alphabet = alphanumeric ? ALPHANUMERIC_ALPHABET : NUMERIC_ALPHABET;
  let code = '';
  for (let index = 0; index < length; index += 1) code += alphabet[randomInt(alphabet.length)];
  return code;
}

/** What a user typed, as it is compared: alphanumeric codes are case-insensitive, spaces and dashes ignored. */
export function canonicalCode(input: string, alphanumeric: boolean): string {
  const compact = input.replace(/[\s-]/g, '');
  return alphanumeric ? compact.toUpperCase() : compact;
}
