import { CountryCode, NumberType, parsePhoneNumberFromString, PhoneNumber, validatePhoneNumberLength } from 'libphonenumber-js/max';
import type { carrier as carrierOf } from 'libphonenumber-geo-carrier';
import { originalCarrier } from './carrier-table';
import { readPlainNumber } from './plain-number';

type CarrierLocale = NonNullable<Parameters<typeof carrierOf>[1]>;

export type PhoneNumberType =
  | 'mobile'
  | 'fixed_line'
  | 'fixed_line_or_mobile'
  | 'toll_free'
  | 'premium_rate'
  | 'shared_cost'
  | 'voip'
  | 'personal_number'
  | 'pager'
  | 'uan'
  | 'voicemail'
  | 'unknown';

/** Why a string is not a phone number we can use; stable codes the API shows. */
export type PhoneNumberProblem = 'not_a_number' | 'invalid_country' | 'too_short' | 'too_long' | 'invalid_number';

export type NormalizedPhoneNumber =
  | { ok: true; e164: string; country: string; type: PhoneNumberType }
  | { ok: false; problem: PhoneNumberProblem; detail: string };

const TYPE_NAMES: Record<NonNullable<NumberType>, PhoneNumberType> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed_line',
  FIXED_LINE_OR_MOBILE: 'fixed_line_or_mobile',
  TOLL_FREE: 'toll_free',
  PREMIUM_RATE: 'premium_rate',
  SHARED_COST: 'shared_cost',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal_number',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};

const LENGTH_PROBLEMS: Record<string, PhoneNumberProblem> = {
  TOO_SHORT: 'too_short',
  TOO_LONG: 'too_long',
  INVALID_COUNTRY: 'invalid_country',
  NOT_A_NUMBER: 'not_a_number',
  INVALID_LENGTH: 'invalid_number',
};

const MAX_INPUT_LENGTH = 64;

function typeOf(number: PhoneNumber): PhoneNumberType {
  const type = number.getType();
  return type ? TYPE_NAMES[type] : 'unknown';
}

function asCountry(code: string | undefined): CountryCode | undefined {
  return code && /^[A-Z]{2}$/.test(code) ? (code as CountryCode) : undefined;
}

/**
 * A number as the platform stores it: E.164, with its country and line type. National numbers need
 * `defaultCountry` (ISO 3166 alpha-2); anything unusable comes back with a stable problem code.
 * Plain numbers take a precompiled path with the same answers; the rest the full parse.
 */
export function normalizePhoneNumber(input: string, defaultCountry?: string): NormalizedPhoneNumber {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text.length === 0 || text.length > MAX_INPUT_LENGTH || !/\d/.test(text)) {
    return { ok: false, problem: 'not_a_number', detail: 'The value is not a phone number.' };
  }
  const country = asCountry(defaultCountry?.toUpperCase());
  const plain = readPlainNumber(text, country);
  if (plain) return { ok: true, e164: plain.e164, country: plain.country, type: TYPE_NAMES[plain.type] };
  return normalizeWithFullParse(text, country);
}

/** libphonenumber-js's full parse and validation: every input shape, and why a number is refused. */
export function normalizeWithFullParse(text: string, country: CountryCode | undefined): NormalizedPhoneNumber {
  const number = parsePhoneNumberFromString(text, country);
  if (!number) {
    const lengthProblem = validatePhoneNumberLength(text, country);
    const problem = (lengthProblem && LENGTH_PROBLEMS[lengthProblem]) ?? 'not_a_number';
    const detail =
      problem === 'invalid_country'
        ? 'A national number needs a country: use the +<country code> form or give defaultCountry.'
        : 'The value is not a phone number.';
    return { ok: false, problem, detail };
  }
  if (!number.isValid()) {
    const lengthProblem = validatePhoneNumberLength(text, country);
    const problem = (lengthProblem && LENGTH_PROBLEMS[lengthProblem]) ?? 'invalid_number';
    return { ok: false, problem, detail: `${number.number} is not a number in use in any numbering plan.` };
  }
  return { ok: true, e164: number.number, country: number.country ?? 'ZZ', type: typeOf(number) };
}

/** Types an SMS can be delivered to. A `fixed_line_or_mobile` number (as in the US) is accepted. */
export function canReceiveSms(type: PhoneNumberType): boolean {
  return type === 'mobile' || type === 'fixed_line_or_mobile';
}

/** The carrier the number was allocated to (not ported numbers' current carrier), or null when unknown. */
export async function lookupCarrier(e164: string, locale: CarrierLocale = 'en'): Promise<string | null> {
  const number = parsePhoneNumberFromString(e164);
  if (!number?.isValid()) return null;
  const name = await originalCarrier(number, locale);
  return name && name.length > 0 ? name : null;
}

export interface PhoneNumberDescription {
  valid: boolean;
  e164: string | null;
  country: string | null;
  type: PhoneNumberType;
  carrier: string | null;
  problem?: PhoneNumberProblem;
}

/** Everything the platform can tell about a number (the `GET /v1/phone-numbers/{number}` view). */
export async function describePhoneNumber(input: string, defaultCountry?: string): Promise<PhoneNumberDescription> {
  const normalized = normalizePhoneNumber(input, defaultCountry);
  if (!normalized.ok) return { valid: false, e164: null, country: null, type: 'unknown', carrier: null, problem: normalized.problem };
  return {
    valid: true,
    e164: normalized.e164,
    country: normalized.country,
    type: normalized.type,
    carrier: await lookupCarrier(normalized.e164),
  };
}
