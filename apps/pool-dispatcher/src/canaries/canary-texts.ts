import { randomInt } from 'node:crypto';

/** Crockford's base 32 without I, L, O, U: 8 characters are 40 bits, and no English word in capitals fits. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TOKEN_LENGTH = 8;
const TOKEN_PATTERN = new RegExp(`\\b[${ALPHABET}]{${TOKEN_LENGTH}}\\b`, 'g');

/**
 * What a canary says: an ordinary transactional notification (never an OTP, which a phone could tell
 * apart and deliver while dropping the rest; OTPs are proven by their verification anyway) with the
 * canary's unguessable token where such texts carry a reference.
 */
const TEMPLATES: readonly ((token: string) => string)[] = [
  (token) => `Your order ${token} has been received. We will text you when it ships.`,
  (token) => `Your parcel ${token} is out for delivery today.`,
  (token) => `Payment received, thank you. Receipt no. ${token}.`,
  (token) => `Reminder: your appointment (ref ${token}) is tomorrow. Please arrive 10 minutes early.`,
  (token) => `Booking ${token} is confirmed. See you soon.`,
  (token) => `Your ticket ${token} has been updated. Our team will get back to you shortly.`,
];

export function newCanaryToken(): string {
  let token = '';
  for (let index = 0; index < TOKEN_LENGTH; index += 1) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

export function canaryText(token: string): string {
  return TEMPLATES[randomInt(TEMPLATES.length)](token);
}

/** Every string in an inbound SMS that could be a canary's token. */
export function canaryTokensIn(body: string): string[] {
  return [...new Set(body.match(TOKEN_PATTERN) ?? [])];
}
