import { getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import type { CountryCode } from 'libphonenumber-js/max';
import { lookupCarrier, normalizePhoneNumber } from '@zagel/phone';

export interface SimOperatorInfo {
  mcc: string;
  mnc: string;
  name: string;
}

interface KnownCarrier {
  /** National prefixes of the carrier's mobile ranges (after the country code). */
  prefixes: string[];
  /** Digits of a national number, prefix included. */
  length: number;
  operator: SimOperatorInfo;
  /** How the numbering data names the carrier, when it differs from the trade name. */
  aliases?: string[];
}

/** Carriers whose ranges and network codes are known here; others are found through the numbering data. */
const KNOWN_CARRIERS: Record<string, Record<string, KnownCarrier>> = {
  EG: {
    vodafone: { prefixes: ['10'], length: 10, operator: { mcc: '602', mnc: '02', name: 'Vodafone' } },
    etisalat: { prefixes: ['11'], length: 10, operator: { mcc: '602', mnc: '03', name: 'Etisalat' } },
    orange: { prefixes: ['12'], length: 10, operator: { mcc: '602', mnc: '01', name: 'Orange' } },
    we: { prefixes: ['15'], length: 10, operator: { mcc: '602', mnc: '04', name: 'WE' }, aliases: ['TE'] },
  },
  SA: {
    stc: { prefixes: ['50', '53', '55'], length: 9, operator: { mcc: '420', mnc: '01', name: 'STC' } },
    mobily: { prefixes: ['54', '56'], length: 9, operator: { mcc: '420', mnc: '03', name: 'Mobily' } },
    zain: { prefixes: ['58', '59'], length: 9, operator: { mcc: '420', mnc: '04', name: 'Zain' } },
  },
  AE: {
    etisalat: { prefixes: ['50', '54', '56'], length: 9, operator: { mcc: '424', mnc: '02', name: 'Etisalat' } },
    du: { prefixes: ['52', '55', '58'], length: 9, operator: { mcc: '424', mnc: '03', name: 'du' } },
  },
};

const MAX_ATTEMPTS = 5_000;

export type Random = () => number;

function digits(count: number, random: Random): string {
  let out = '';
  for (let i = 0; i < count; i += 1) out += String(Math.floor(random() * 10));
  return out;
}

function known(country: string, carrier: string | undefined): KnownCarrier | undefined {
  return carrier ? KNOWN_CARRIERS[country.toUpperCase()]?.[carrier.toLowerCase()] : undefined;
}

/** The SIM operator (MCC/MNC) a phone on this carrier reports in its heartbeats, when known. */
export function simOperatorFor(country: string, carrier: string | undefined): SimOperatorInfo | undefined {
  return known(country, carrier)?.operator;
}

function carrierMatches(found: string | null, carrier: string, aliases: string[] = []): boolean {
  if (!found) return false;
  const name = found.toLowerCase();
  return [carrier, ...aliases].some((wanted) => name.includes(wanted.toLowerCase()));
}

/**
 * A valid mobile number (E.164) of `country`, allocated to `carrier` when one is given: from the
 * carrier's known ranges, else by drawing numbers shaped like the country's example mobile number
 * until the numbering data says it is a mobile of that carrier.
 */
export async function generateMobileNumber(country: string, carrier?: string, random: Random = Math.random): Promise<string> {
  const code = country.toUpperCase() as CountryCode;
  const example = getExampleNumber(code, examples);
  if (!example) throw new Error(`no mobile numbering known for country ${country}`);
  const callingCode = example.countryCallingCode;
  const entry = known(code, carrier);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const national = entry
      ? (() => {
          const prefix = entry.prefixes[Math.floor(random() * entry.prefixes.length)];
          return prefix + digits(entry.length - prefix.length, random);
        })()
      : example.nationalNumber.slice(0, 1) + digits(example.nationalNumber.length - 1, random);
    const candidate = normalizePhoneNumber(`+${callingCode}${national}`);
    if (!candidate.ok || candidate.country !== code || candidate.type !== 'mobile') continue;
    if (!carrier) return candidate.e164;
    if (carrierMatches(await lookupCarrier(candidate.e164), carrier, entry?.aliases)) return candidate.e164;
  }
  throw new Error(`no ${carrier ?? 'mobile'} number found for ${country} (is the carrier name right?)`);
}
