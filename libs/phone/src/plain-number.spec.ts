import { CountryCode, getCountryCallingCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import metadata from 'libphonenumber-js/max/metadata';
import { normalizeWithFullParse } from './phone-number';
import { readPlainNumber } from './plain-number';

/** A small deterministic generator, so a failure names inputs that can be run again. */
function generator(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % below;
  };
}

const random = generator(15);
const countries = Object.keys(metadata.countries) as CountryCode[];
const exampleOf = (country: CountryCode) => (examples as Record<string, string | undefined>)[country];
const digit = () => String(random(10));

/** The example and numbers near it: other digits, wrong lengths, leading zeros and prefixes. */
function variantsOf(national: string, country: CountryCode): string[] {
  const nationalPrefix = metadata.countries[country]?.[5];
  const variants = [national, `0${national}`, national.slice(1), `${national}${digit()}`, national.slice(0, -1), `00${national}`];
  if (typeof nationalPrefix === 'string') variants.push(`${nationalPrefix}${national}`);
  for (let count = 0; count < 12; count += 1) {
    const at = random(national.length);
    variants.push(`${national.slice(0, at)}${digit()}${national.slice(at + 1)}`);
  }
  return variants;
}

interface Case {
  text: string;
  defaultCountry?: CountryCode;
}

function cases(): Case[] {
  const all: Case[] = [];
  for (const country of countries) {
    const example = exampleOf(country);
    if (!example) continue;
    const callingCode = getCountryCallingCode(country);
    const neighbour = countries[random(countries.length)];
    for (const national of variantsOf(example, country)) {
      all.push({ text: `+${callingCode}${national}` });
      all.push({ text: `+${callingCode}${national}`, defaultCountry: neighbour });
      all.push({ text: national, defaultCountry: country });
      all.push({ text: national, defaultCountry: neighbour });
      all.push({ text: `${callingCode}${national}`, defaultCountry: country });
    }
  }
  for (let count = 0; count < 3_000; count += 1) {
    const length = 4 + random(14);
    const digits = Array.from({ length }, digit).join('');
    all.push({ text: `+${digits}` });
    all.push({ text: digits, defaultCountry: countries[random(countries.length)] });
  }
  return all;
}

describe('readPlainNumber', () => {
  const all = cases();

  it('answers exactly as the full libphonenumber-js parse whenever it answers', () => {
    const differences: string[] = [];
    for (const { text, defaultCountry } of all) {
      const plain = readPlainNumber(text, defaultCountry);
      if (!plain) continue;
      const full = normalizeWithFullParse(text, defaultCountry);
      const same = full.ok && full.e164 === plain.e164 && full.country === plain.country && full.type === plain.type.toLowerCase();
      if (!same) differences.push(`${text} (${defaultCountry ?? '-'}): ${JSON.stringify(plain)} vs ${JSON.stringify(full)}`);
    }
    expect(differences).toEqual([]);
  });

  it("reads nearly every country's valid numbers itself, in E.164 and national form", () => {
    const valid = countries
      .filter((country) => exampleOf(country))
      .flatMap((country): Case[] => [
        { text: `+${getCountryCallingCode(country)}${exampleOf(country)}` },
        { text: exampleOf(country)!, defaultCountry: country },
      ])
      .filter(({ text, defaultCountry }) => normalizeWithFullParse(text, defaultCountry).ok);
    const read = valid.filter(({ text, defaultCountry }) => readPlainNumber(text, defaultCountry) !== undefined);
    expect(valid.length).toBeGreaterThan(400);
    expect(read.length / valid.length).toBeGreaterThan(0.95);
  });

  it('leaves formatted, foreign-numeral and unknown-country input to the full parse', () => {
    expect(readPlainNumber('+20 100 123 4567')).toBeUndefined();
    expect(readPlainNumber('+٢٠١٠٠١٢٣٤٥٦٧')).toBeUndefined();
    expect(readPlainNumber('+201001234567', 'XX')).toBeUndefined();
    expect(readPlainNumber('01001234567')).toBeUndefined();
    expect(readPlainNumber('+201001234567')).toEqual({ e164: '+201001234567', country: 'EG', type: 'MOBILE' });
    expect(readPlainNumber('01001234567', 'EG')).toEqual({ e164: '+201001234567', country: 'EG', type: 'MOBILE' });
  });
});
