import { Metadata, NumberType } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/max/metadata';

/** The parts of libphonenumber-js's numbering plan read here (its type declarations leave them out). */
interface PlanMetadata {
  callingCode(): string;
  IDDPrefix(): string | undefined;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  leadingDigits(): string | undefined;
  hasTypes(): boolean;
  type(name: NonNullable<NumberType>): { pattern(): string | undefined; possibleLengths(): number[] | undefined } | undefined;
}

interface AllMetadata {
  hasCountry(country: string): boolean;
  hasCallingCode(callingCode: string): boolean;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  selectNumberingPlan(country: string): void;
  numberingPlan: PlanMetadata;
}

/** libphonenumber-js's order of the types after the fixed-line check (helpers/getNumberType.js). */
const NON_FIXED_LINE_TYPES: NonNullable<NumberType>[] = [
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
];

interface CompiledType {
  pattern: RegExp;
  lengths: number[] | undefined;
}

const entirely = (pattern: string) => new RegExp(`^(?:${pattern})$`);

function compileType(plan: PlanMetadata, name: NonNullable<NumberType>): CompiledType | undefined {
  const type = plan.type(name);
  const pattern = type?.pattern();
  return type && pattern ? { pattern: entirely(pattern), lengths: type.possibleLengths() } : undefined;
}

function isOfType(nationalNumber: string, type: CompiledType | undefined): boolean {
  if (!type) return false;
  if (type.lengths && type.lengths.indexOf(nationalNumber.length) < 0) return false;
  return type.pattern.test(nationalNumber);
}

/**
 * One country's numbering plan with its regular expressions built once. libphonenumber-js builds
 * them anew on every call, which is most of its cost per number; the checks here are its own,
 * step for step, so the answers are the same.
 */
export class CompiledNumberingPlan {
  readonly callingCode: string;
  /** Unanchored, as libphonenumber-js searches with it: a match at 0 is an international prefix. */
  readonly internationalPrefix: RegExp;
  readonly nationalPrefix: RegExp | undefined;
  readonly nationalPrefixTransformRule: string | undefined;
  readonly leadingDigits: RegExp | undefined;
  readonly possibleLengths: number[] | undefined;
  readonly hasTypes: boolean;
  private readonly general: RegExp;
  private readonly fixedLine: CompiledType | undefined;
  private readonly mobileListed: boolean;
  private readonly mobileSameAsFixedLine: boolean;
  private readonly others: [NonNullable<NumberType>, CompiledType | undefined][];

  constructor(plan: PlanMetadata) {
    this.callingCode = plan.callingCode();
    this.internationalPrefix = new RegExp(plan.IDDPrefix() ?? '');
    const prefixForParsing = plan.nationalPrefixForParsing();
    this.nationalPrefix = prefixForParsing ? new RegExp(`^(?:${prefixForParsing})`) : undefined;
    this.nationalPrefixTransformRule = plan.nationalPrefixTransformRule();
    const leadingDigits = plan.leadingDigits();
    this.leadingDigits = leadingDigits ? new RegExp(leadingDigits) : undefined;
    this.possibleLengths = plan.possibleLengths();
    this.hasTypes = plan.hasTypes();
    this.general = entirely(plan.nationalNumberPattern());
    this.fixedLine = compileType(plan, 'FIXED_LINE');
    const mobile = plan.type('MOBILE');
    this.mobileListed = mobile !== undefined;
    this.mobileSameAsFixedLine = mobile?.pattern() === '';
    this.others = NON_FIXED_LINE_TYPES.map((name) => [name, compileType(plan, name)]);
  }

  matchesGeneralPattern(nationalNumber: string): boolean {
    return this.general.test(nationalNumber);
  }

  /** libphonenumber-js's getNumberType: undefined when the number is not valid in this plan. */
  numberType(nationalNumber: string): NumberType {
    if (!this.general.test(nationalNumber)) return undefined;
    if (isOfType(nationalNumber, this.fixedLine)) {
      if (this.mobileSameAsFixedLine || !this.mobileListed) return 'FIXED_LINE_OR_MOBILE';
      return isOfType(nationalNumber, this.mobileType()) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
    }
    for (const [name, type] of this.others) {
      if (isOfType(nationalNumber, type)) return name;
    }
    return undefined;
  }

  private mobileType(): CompiledType | undefined {
    return this.others[0][1];
  }
}

const metadata = new Metadata(metadataJson) as unknown as AllMetadata;
const plans = new Map<string, CompiledNumberingPlan>();

export function isKnownCountry(country: string): boolean {
  return metadata.hasCountry(country);
}

/** True for every calling code libphonenumber-js reads after a '+', non-geographic ones included. */
export function isCallingCode(callingCode: string): boolean {
  return metadata.hasCallingCode(callingCode);
}

/** The countries sharing a calling code, its main one first; undefined for non-geographic codes. */
export function countriesOfCallingCode(callingCode: string): readonly string[] | undefined {
  return metadata.getCountryCodesForCallingCode(callingCode);
}

/** A known country's plan, compiled on first use. */
export function numberingPlanOf(country: string): CompiledNumberingPlan {
  let plan = plans.get(country);
  if (!plan) {
    metadata.selectNumberingPlan(country);
    plan = new CompiledNumberingPlan(metadata.numberingPlan);
    plans.set(country, plan);
  }
  return plan;
}
