import { normalizePhoneNumber } from '@zagel/phone';

/**
 * A sender or recipient address as a provider gives it, as Zagel stores numbers: E.164 when it is a phone
 * number (international digits with or without `+`/`00`, or national digits in `defaultCountry`), an
 * alphanumeric sender id or a short code as given.
 */
export function inboundAddress(raw: string, defaultCountry?: string): string {
  const text = raw.trim();
  if (/[A-Za-z]/.test(text)) return text.slice(0, 32);
  const digits = text.replace(/[\s().-]/g, '');
  if (!/^(\+|00)?\d+$/.test(digits)) return text.slice(0, 32);
  const international = digits.startsWith('+') ? digits : digits.startsWith('00') ? `+${digits.slice(2)}` : undefined;
  // Short codes (and anything too short to be a subscriber number) stay as they are.
  if (!international && digits.length <= 6) return digits;
  const candidates = international ? [normalizePhoneNumber(international)] : [];
  if (!international && defaultCountry) candidates.push(normalizePhoneNumber(digits, defaultCountry));
  if (!international) candidates.push(normalizePhoneNumber(`+${digits}`));
  const parsed = candidates.find((candidate) => candidate.ok);
  return parsed?.ok ? parsed.e164 : digits.slice(0, 32);
}
