import { NumberType } from 'libphonenumber-js/core';
import { CompiledNumberingPlan, countriesOfCallingCode, isCallingCode, isKnownCountry, numberingPlanOf } from './numbering-plan';

/** A valid number read without libphonenumber-js's full parse. */
export interface PlainNumber {
  e164: string;
  country: string;
  type: NonNullable<NumberType>;
}

// libphonenumber-js's bounds on a national significant number and on a calling code.
const MIN_NATIONAL_LENGTH = 2;
const MAX_NATIONAL_LENGTH = 17;
const MAX_CALLING_CODE_LENGTH = 3;

const INTERNATIONAL = /^\+[1-9]\d{3,}$/;
const DIGITS = /^\d{4,}$/;

/** libphonenumber-js's getCountryByCallingCode: leading digits decide, else the first plan the number is valid in. */
function countryOf(countries: readonly string[], nationalNumber: string): string | undefined {
  if (countries.length === 1) return countries[0];
  for (const country of countries) {
    const plan = numberingPlanOf(country);
    if (plan.leadingDigits) {
      if (nationalNumber.search(plan.leadingDigits) === 0) return country;
    } else if (plan.numberType(nationalNumber)) {
      return country;
    }
  }
  return undefined;
}

/** A number valid in its country's plan, or undefined when anything is left to the full parse. */
function validNumber(callingCode: string, nationalNumber: string, countries: readonly string[]): PlainNumber | undefined {
  if (nationalNumber.length < MIN_NATIONAL_LENGTH || nationalNumber.length > MAX_NATIONAL_LENGTH) return undefined;
  const country = countryOf(countries, nationalNumber);
  if (!country) return undefined;
  const plan = numberingPlanOf(country);
  if (!plan.hasTypes) return undefined;
  const type = plan.numberType(nationalNumber);
  return type ? { e164: `+${callingCode}${nationalNumber}`, country, type } : undefined;
}

function international(text: string): PlainNumber | undefined {
  for (let length = 1; length <= MAX_CALLING_CODE_LENGTH; length += 1) {
    const callingCode = text.slice(1, 1 + length);
    if (!isCallingCode(callingCode)) continue;
    const countries = countriesOfCallingCode(callingCode);
    if (!countries) return undefined;
    const nationalNumber = text.slice(1 + length);
    // Digits the main plan reads as a national prefix: whether to strip them is the full parse's call.
    if (numberingPlanOf(countries[0]).nationalPrefix?.test(nationalNumber)) return undefined;
    return validNumber(callingCode, nationalNumber, countries);
  }
  return undefined;
}

/** libphonenumber-js's checkNumberLength, as its national-prefix stripping asks it. */
function couldBeComplete(nationalNumber: string, plan: CompiledNumberingPlan): boolean {
  const lengths = plan.possibleLengths;
  if (!lengths) return true;
  const length = nationalNumber.length;
  if (lengths[0] === length) return true;
  if (lengths[0] > length) return false;
  if (lengths[lengths.length - 1] < length) return true;
  return lengths.indexOf(length, 1) >= 0;
}

/** libphonenumber-js's extractNationalNumber, for the prefixes it strips without rewriting; undefined otherwise. */
function withoutNationalPrefix(digits: string, plan: CompiledNumberingPlan): string | undefined {
  const match = plan.nationalPrefix?.exec(digits);
  if (!match) return digits;
  const groups = match.length - 1;
  if (groups > 0 && match[groups] && plan.nationalPrefixTransformRule) return undefined;
  const stripped = digits.slice(match[0].length);
  if (stripped === digits) return digits;
  if (plan.matchesGeneralPattern(digits) && !plan.matchesGeneralPattern(stripped)) return digits;
  return couldBeComplete(stripped, plan) ? stripped : digits;
}

function national(digits: string, defaultCountry: string): PlainNumber | undefined {
  const plan = numberingPlanOf(defaultCountry);
  // An international prefix or the calling code written without '+': the full parse reads those.
  if (digits.search(plan.internationalPrefix) === 0 || digits.startsWith(plan.callingCode)) return undefined;
  const nationalNumber = withoutNationalPrefix(digits, plan);
  const countries = countriesOfCallingCode(plan.callingCode);
  if (nationalNumber === undefined || !countries) return undefined;
  return validNumber(plan.callingCode, nationalNumber, countries);
}

/**
 * The common shapes of a valid number — '+' and digits, or national digits with a default country —
 * read with precompiled plans, giving exactly what libphonenumber-js's parse and validation give.
 * Undefined for anything else (punctuation, extensions, other numerals, invalid or doubtful
 * numbers): the caller then runs the full parse.
 */
export function readPlainNumber(text: string, defaultCountry?: string): PlainNumber | undefined {
  if (defaultCountry !== undefined && !isKnownCountry(defaultCountry)) return undefined;
  if (INTERNATIONAL.test(text)) return international(text);
  if (defaultCountry !== undefined && DIGITS.test(text)) return national(text, defaultCountry);
  return undefined;
}
