import { getMetadataStorage, ValidationTypes, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { AnyClass, classTransformerMetadata } from '../src/validation/class-transformer-metadata';

/** Values tried, in order, for a property until class-validator accepts one (for the agreement spec). */
const CANDIDATES: unknown[] = [
  '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  '+4915112345678',
  '2026-12-03T07:00:00.000Z',
  'DE',
  '262',
  '01',
  'a@example.com',
  'https://example.com/hook',
  'aGVsbG8=',
  'x',
  'body text',
  'ab12cd',
  'A1B2C3D4E5F',
  'a'.repeat(40),
  1,
  5,
  100,
  0,
  0.5,
  true,
  false,
  {},
  [],
];

const storage = getMetadataStorage();

function propertiesOf(cls: AnyClass): Map<string, { optional: boolean; nested?: AnyClass; each: boolean; isIn?: unknown[] }> {
  const properties = new Map<string, { optional: boolean; nested?: AnyClass; each: boolean; isIn?: unknown[] }>();
  for (const meta of storage.getTargetValidationMetadatas(cls, '', true, false)) {
    const entry = properties.get(meta.propertyName) ?? { optional: false, each: false };
    if (meta.type === ValidationTypes.CONDITIONAL_VALIDATION) entry.optional = true;
    if (meta.each) entry.each = true;
    if (meta.type === ValidationTypes.NESTED_VALIDATION) {
      entry.nested = classTransformerMetadata.findTypeMetadata(cls, meta.propertyName)?.typeFunction() as AnyClass;
    }
    const name = meta.constraintCls ? storage.getTargetValidatorConstraints(meta.constraintCls)[0]?.name : undefined;
    if (name === 'isIn') entry.isIn = meta.constraints[0] as unknown[];
    properties.set(meta.propertyName, entry);
  }
  return properties;
}

function propertyAccepted(cls: AnyClass, sample: Record<string, unknown>, property: string): boolean {
  const instance = plainToInstance(cls as new () => object, sample);
  return !validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }).some((error) => error.property === property);
}

/**
 * A payload class's sample that class-validator accepts, built property by property from
 * CANDIDATES (and nested samples), or undefined when no candidate fits some property.
 */
export function validSample(cls: AnyClass, depth = 0): Record<string, unknown> | undefined {
  if (depth > 4) return undefined;
  const sample: Record<string, unknown> = {};
  for (const [property, { nested, each, isIn }] of propertiesOf(cls)) {
    const nestedSample = nested ? validSample(nested, depth + 1) : undefined;
    const options: unknown[] = [
      ...(isIn ?? []).flatMap((value) => [value, [value]]),
      ...(nestedSample ? [[nestedSample], nestedSample] : []),
      ...CANDIDATES.flatMap((value) => (each ? [[value], value] : [value, [value]])),
    ];
    const found = options.find((value) => propertyAccepted(cls, { ...sample, [property]: value }, property));
    if (found === undefined) {
      // A property that only conditions allow absent (ValidateIf, IsOptional) may stay out.
      if (propertyAccepted(cls, sample, property)) continue;
      return undefined;
    }
    sample[property] = found;
  }
  return sample;
}

/** Variants of a valid sample, each wrong or odd in one place: missing, null, another type, unknown, nested. */
export function variantsOf(sample: Record<string, unknown>): Record<string, unknown>[] {
  const variants: Record<string, unknown>[] = [{ ...sample, unknownProperty: 1 }, { ...sample, unknownProperty: undefined }];
  for (const [property, value] of Object.entries(sample)) {
    const { [property]: _removed, ...without } = sample;
    variants.push(without, { ...sample, [property]: null }, { ...sample, [property]: undefined });
    for (const other of [12, 1.5, -1, 'x', '', true, {}, [], [1], ['x'], 'not-a-uuid', '2026-13-45', '+0123']) {
      variants.push({ ...sample, [property]: other });
    }
    if (Array.isArray(value)) {
      variants.push({ ...sample, [property]: [] }, { ...sample, [property]: [...value, ...value] }, { ...sample, [property]: [...value, 7] });
      const [item] = value;
      if (item && typeof item === 'object') {
        for (const inner of variantsOf(item as Record<string, unknown>).slice(0, 40)) {
          variants.push({ ...sample, [property]: [item, inner] });
        }
      }
    } else if (value && typeof value === 'object') {
      for (const inner of variantsOf(value as Record<string, unknown>).slice(0, 40)) variants.push({ ...sample, [property]: inner });
      variants.push({ ...sample, [property]: [value] });
    }
  }
  return variants;
}
