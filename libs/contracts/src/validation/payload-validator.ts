import Ajv, { ValidateFunction } from 'ajv';
import * as cv from 'class-validator';
import { validationMetadataGeneration } from '../validation-metadata-cache';
import { AnyClass, classTransformerMetadata } from './class-transformer-metadata';
import { ClassValidatorCheck, PayloadSchemaBuilder, UnsupportedConstraint } from './payload-schema';

type Check = (value: unknown, ...args: unknown[]) => boolean;

/** class-validator's own functions, for the constraints JSON Schema cannot state exactly. */
const CHECKS: Record<string, Check> = {
  isUuid: cv.isUUID as Check,
  isDateString: cv.isDateString as Check,
  isEmail: cv.isEmail as Check,
  isUrl: cv.isURL as Check,
  isBase64: cv.isBase64 as Check,
  minLength: cv.minLength as Check,
  maxLength: cv.maxLength as Check,
  isLength: cv.length as Check,
  arrayUnique: cv.arrayUnique as Check,
};

function compileCheck({ name, args }: ClassValidatorCheck): (value: unknown) => boolean {
  if (name === 'matches') {
    // class-validator tests with String.prototype.match: a global flag changes nothing to the answer.
    const pattern = new RegExp(args[0] as string, (args[1] as string).replace('g', ''));
    return (value) => typeof value === 'string' && pattern.test(value);
  }
  const fn = CHECKS[name];
  if (!fn) throw new Error(`no class-validator check named ${name}`);
  return (value) => fn(value, ...args);
}

let ajv: Ajv | undefined;

function instance(): Ajv {
  if (ajv) return ajv;
  // strictNumbers: NaN and Infinity are not numbers, as for class-validator's isNumber/isInt.
  ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, strictNumbers: true, allErrors: false, allowUnionTypes: true });
  ajv.addKeyword({ keyword: 'classValidator', schemaType: 'object', compile: compileCheck, errors: false });
  return ajv;
}

/** How a payload class is checked: by its compiled schema, or (not expressible) by class-validator. */
export type PayloadCheck =
  | { kind: 'schema'; validate: ValidateFunction; transforms: boolean }
  | { kind: 'class-validator'; reason: string };

/**
 * Whether turning a plain payload into its class changes anything a handler could see: a class
 * in the graph with methods or accessors, field initializers (defaults), or class-transformer
 * conversions (`@Type(() => Number)`, `@Transform`, `@Expose`, `@Exclude`). Without any, the
 * validated plain object is as good as the instance, and no copy is made.
 */
export function needsTransform(payloadClass: AnyClass, seen = new Set<AnyClass>()): boolean {
  if (seen.has(payloadClass)) return false;
  seen.add(payloadClass);
  for (let cls = payloadClass; cls && cls !== Function.prototype; cls = Object.getPrototypeOf(cls) as AnyClass) {
    if (Object.getOwnPropertyNames(cls.prototype ?? {}).some((name) => name !== 'constructor')) return true;
    const storage = classTransformerMetadata;
    for (const kind of ['_transformMetadatas', '_exposeMetadatas', '_excludeMetadatas'] as const) {
      if ((storage[kind].get(cls)?.size ?? 0) > 0) return true;
    }
    for (const meta of storage._typeMetadatas.get(cls)?.values() ?? []) {
      const target = meta.typeFunction() as AnyClass;
      if ([Number, String, Boolean, Date, Map, Set, Object, Array].includes(target as never)) return true;
      if (needsTransform(target, seen)) return true;
    }
  }
  try {
    return Object.keys(new (payloadClass as new () => object)()).length > 0;
  } catch {
    return true;
  }
}

const compiled = new WeakMap<AnyClass, PayloadCheck & { generation: number }>();

/** The payload class's check, compiled on first use and kept until a decorator adds a rule anywhere. */
export function payloadCheck(payloadClass: AnyClass): PayloadCheck {
  let entry: PayloadCheck | undefined = compiled.get(payloadClass);
  const generation = validationMetadataGeneration();
  if (!entry || compiled.get(payloadClass)?.generation !== generation) {
    try {
      const schema = new PayloadSchemaBuilder().build(payloadClass);
      entry = { kind: 'schema', validate: instance().compile(schema), transforms: needsTransform(payloadClass) };
    } catch (error) {
      if (!(error instanceof UnsupportedConstraint)) throw error;
      entry = { kind: 'class-validator', reason: error.message };
    }
    compiled.set(payloadClass, { ...entry, generation });
  }
  return entry;
}
