import 'reflect-metadata';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { AnyClass, classTransformerMetadata } from './class-transformer-metadata';

/** A JSON Schema (draft-07, as ajv takes it) with the custom `classValidator` keyword. */
export type JsonSchema = Record<string, unknown>;

/** A class-validator constraint whose exact meaning JSON Schema has no keyword for: ajv calls the same function. */
export interface ClassValidatorCheck {
  name: string;
  args: unknown[];
}

/** Why a class cannot be checked by a schema (a `@ValidateIf` without its condition as a schema, a custom validator...). */
export class UnsupportedConstraint extends Error {
  constructor(where: string, what: string) {
    super(`${where}: ${what} has no JSON Schema translation`);
    this.name = 'UnsupportedConstraint';
  }
}

const VALIDATED_WHEN = Symbol.for('zagel.validatedWhen');

/**
 * States a `@ValidateIf` condition as a JSON Schema the whole object must match for the property's
 * rules to apply, so the compiled schema can check it (a function cannot be translated).
 * Example: `@ValidateIf((r) => r.to === undefined) @ValidatedWhen({ not: { required: ['to'] } })`.
 */
export function ValidatedWhen(condition: JsonSchema): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(VALIDATED_WHEN, condition, target, property);
}

const storage = getMetadataStorage();

/** The custom constraint on a map of provider (kind or account name) to template code. */
export const PROVIDER_CODES = 'providerCodes';
const PROVIDER_CODES_SCHEMA: JsonSchema = {
  type: 'object',
  maxProperties: 20,
  propertyNames: { pattern: '^[a-z0-9_-]{1,40}$' },
  additionalProperties: { type: 'string', minLength: 1, maxLength: 200 },
};

function constraintName(meta: ValidationMetadata): string {
  if (meta.type !== ValidationTypes.CUSTOM_VALIDATION) return meta.type;
  return storage.getTargetValidatorConstraints(meta.constraintCls)[0]?.name ?? 'custom';
}

const check = (name: string, ...args: unknown[]): JsonSchema => ({ classValidator: { name, args } satisfies ClassValidatorCheck });

/**
 * One constraint as a schema, only where the schema means exactly what class-validator checks.
 * Where validator.js decides (UUID versions, ISO 8601, e-mail, URL, base64, string length counted
 * as it counts, regular expressions with their own flags), the schema calls class-validator's
 * own function through the `classValidator` keyword instead of an approximate format.
 */
function constraintSchema(name: string, constraints: unknown[] = [], where: string): JsonSchema {
  const [first, second] = constraints;
  switch (name) {
    case 'isString':
      return { type: 'string' };
    case 'isInt':
      return { type: 'integer' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isArray':
      return { type: 'array' };
    case 'isObject':
      return { type: 'object' };
    case PROVIDER_CODES:
      return PROVIDER_CODES_SCHEMA;
    case 'isNumber':
      if (first && Object.keys(first).length > 0) throw new UnsupportedConstraint(where, 'isNumber with options');
      return { type: 'number' };
    case 'isIn':
      return { enum: first as unknown[] };
    case 'notEquals':
      return { not: { const: first } };
    case 'min':
      return { type: 'number', minimum: first };
    case 'max':
      return { type: 'number', maximum: first };
    case 'arrayMinSize':
      return { type: 'array', minItems: first };
    case 'arrayMaxSize':
      return { type: 'array', maxItems: first };
    case 'arrayNotEmpty':
      return { type: 'array', minItems: 1 };
    case 'arrayUnique':
      if (typeof first === 'function') throw new UnsupportedConstraint(where, 'arrayUnique with an identifier');
      return check('arrayUnique');
    case 'matches': {
      const pattern = first instanceof RegExp ? first : new RegExp(String(first), second as string | undefined);
      return check('matches', pattern.source, pattern.flags);
    }
    case 'isUuid':
    case 'isDateString':
    case 'isEmail':
    case 'isUrl':
    case 'isBase64':
    case 'minLength':
    case 'maxLength':
    case 'isLength':
      return check(name, ...constraints);
    default:
      throw new UnsupportedConstraint(where, name);
  }
}

/** Null, or what `rule` accepts (undefined is absent). As if/else: ajv builds no error object for a present value. */
function orNull(rule: JsonSchema): JsonSchema {
  return { if: { type: 'null' }, else: rule };
}

function allOf(schemas: JsonSchema[]): JsonSchema {
  return schemas.length === 1 ? schemas[0] : { allOf: schemas };
}

/**
 * Builds the schema of a payload class (and, under `definitions`, of every class it nests) with
 * class-validator's semantics as `parsePayload` uses them: whitelist with unknown properties
 * forbidden, `@IsOptional` skipping null and undefined, `each` applying to every element of an
 * array (to the value itself otherwise), `@ValidateNested` walking arrays to objects.
 */
export class PayloadSchemaBuilder {
  private readonly definitions: Record<string, JsonSchema> = {};
  private readonly names = new Map<AnyClass, string>();

  constructor(private readonly classTransformer = classTransformerMetadata) {}

  build(payloadClass: AnyClass): JsonSchema {
    const ref = this.refTo(payloadClass);
    return { $ref: ref, definitions: this.definitions };
  }

  private refTo(cls: AnyClass): string {
    let name = this.names.get(cls);
    if (!name) {
      name = `${cls.name || 'Anonymous'}_${this.names.size}`;
      this.names.set(cls, name);
      this.definitions[name] = {};
      this.definitions[name] = this.classSchema(cls);
      // A nested property accepts the object, or arrays (of arrays...) of it.
      this.definitions[`${name}_nested`] = {
        if: { type: 'array' },
        then: { type: 'array', items: { $ref: `#/definitions/${name}_nested` } },
        else: { $ref: `#/definitions/${name}` },
      };
    }
    return `#/definitions/${name}`;
  }

  private classSchema(cls: AnyClass): JsonSchema {
    const metadatas = storage.getTargetValidationMetadatas(cls, '', true, false);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const meta of metadatas) {
      if (meta.groups?.length || meta.always) throw new UnsupportedConstraint(`${cls.name}.${meta.propertyName}`, 'groups');
      byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
    }
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const conditional: JsonSchema[] = [];
    for (const [property, metas] of byProperty) {
      const where = `${cls.name}.${property}`;
      const conditions = metas.filter((meta) => meta.type === ValidationTypes.CONDITIONAL_VALIDATION);
      const ruleMetas = metas.filter(
        (meta) => meta.type !== ValidationTypes.CONDITIONAL_VALIDATION && meta.type !== ValidationTypes.WHITELIST,
      );
      const rules = ruleMetas.map((meta) => this.ruleSchema(cls, meta, where));
      const rule = rules.length > 0 ? allOf(rules) : {};
      // class-validator passes an undefined value through @ValidateNested: only another rule makes it required.
      const needed = ruleMetas.some((meta) => meta.type !== ValidationTypes.NESTED_VALIDATION);
      const optional = conditions.some((meta) => meta.name === 'isOptional');
      const validateIf = conditions.filter((meta) => meta.name !== 'isOptional');
      if (validateIf.length > 0) {
        const when = Reflect.getMetadata(VALIDATED_WHEN, cls.prototype, property) as JsonSchema | undefined;
        if (!when || validateIf.length > 1) throw new UnsupportedConstraint(where, '@ValidateIf without @ValidatedWhen');
        properties[property] = {};
        const then: JsonSchema = { properties: { [property]: optional ? orNull(rule) : rule } };
        if (!optional && needed) then.required = [property];
        conditional.push({ if: when, then });
        continue;
      }
      properties[property] = optional ? orNull(rule) : rule;
      if (!optional && needed) required.push(property);
    }
    const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
    if (required.length > 0) schema.required = required;
    if (conditional.length > 0) schema.allOf = conditional;
    return schema;
  }

  private ruleSchema(cls: AnyClass, meta: ValidationMetadata, where: string): JsonSchema {
    if (meta.type === ValidationTypes.NESTED_VALIDATION) {
      const typeMeta = this.classTransformer.findTypeMetadata(cls, meta.propertyName);
      const nested = typeMeta ? (typeMeta.typeFunction() as AnyClass) : undefined;
      if (!nested || [Object, Array, String, Number, Boolean, Date].includes(nested as never)) {
        throw new UnsupportedConstraint(where, '@ValidateNested without @Type of a class');
      }
      return { $ref: `${this.refTo(nested)}_nested` };
    }
    const schema = constraintSchema(constraintName(meta), meta.constraints, where);
    // class-validator: `each` checks every element of an array, or the value itself if it is not one.
    return meta.each ? { if: { type: 'array' }, then: { type: 'array', items: schema }, else: schema } : schema;
  }
}
