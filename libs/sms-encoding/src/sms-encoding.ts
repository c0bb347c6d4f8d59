import { gsm7Septets, gsm7TextSeptets } from './gsm7-alphabet';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Units are septets for GSM-7 and UTF-16 code units for UCS-2. */
const LIMITS: Record<SmsEncoding, { single: number; concatenated: number }> = {
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
};

export interface SmsAnalysis {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the whole text takes. */
  units: number;
  segments: number;
  /** Units one segment holds: the single-message limit, or the smaller concatenated one. */
  unitsPerSegment: number;
}

export function isGsm7(text: string): boolean {
  return gsm7TextSeptets(text) !== undefined;
}

function encodingOf(text: string): SmsEncoding {
  return isGsm7(text) ? 'GSM-7' : 'UCS-2';
}

/** Units one code point takes: an escape pair or a surrogate pair is indivisible. */
function unitsOf(character: string, encoding: SmsEncoding): number {
  return encoding === 'GSM-7' ? gsm7Septets(character)! : character.length;
}

/**
 * The text as it would be split on the wire. A concatenated message never splits an escape pair
 * (GSM-7 extension character) or a surrogate pair (UCS-2 outside the BMP) across two segments.
 */
export function splitSms(text: string, forced?: 'UCS-2'): string[] {
  const encoding = forced ?? encodingOf(text);
  const limits = LIMITS[encoding];
  const characters = [...text];
  const total = characters.reduce((sum, character) => sum + unitsOf(character, encoding), 0);
  if (total <= limits.single) return [text];
  const segments: string[] = [];
  let current = '';
  let used = 0;
  for (const character of characters) {
    const units = unitsOf(character, encoding);
    if (used + units > limits.concatenated) {
      segments.push(current);
      current = '';
      used = 0;
    }
    current += character;
    used += units;
  }
  segments.push(current);
  return segments;
}

/**
 * Encoding, length and segment count of a message body; an empty body is one (empty) segment. `forced`
 * UCS-2 measures the text as UCS-2 even when every character is in the GSM alphabet (a `unicode` message).
 */
export function analyzeSms(text: string, forced?: 'UCS-2'): SmsAnalysis {
  const septets = forced ? undefined : gsm7TextSeptets(text);
  const encoding: SmsEncoding = septets === undefined ? 'UCS-2' : 'GSM-7';
  // UCS-2 units are UTF-16 code units: the string's own length.
  const units = septets ?? text.length;
  const limits = LIMITS[encoding];
  if (units <= limits.single) return { encoding, units, segments: 1, unitsPerSegment: limits.single };
  return { encoding, units, segments: splitSms(text, forced).length, unitsPerSegment: limits.concatenated };
}
