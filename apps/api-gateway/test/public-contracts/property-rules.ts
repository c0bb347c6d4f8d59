import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type AnyClass = Function & { prototype: object; name: string };

/** class-transformer keeps `@Type()` here; its package has no typings for the path. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: AnyClass, property: string): { typeFunction?: () => unknown } | undefined };
};

/** `@ApiProperty` options as @nestjs/swagger stores them. */
export type DocumentedProperty = Record<string, unknown> & { type?: unknown; required?: boolean; isArray?: boolean };

/** A lazy type (`() => X` or `() => [X]`) resolved, arrays to their item type; constructors and strings stay as they are. */
export function resolveType(type: unknown): unknown {
  const isLazy = typeof type === 'function' && !('prototype' in type && type.prototype);
  const resolved = isLazy ? (type as () => unknown)() : type;
  return Array.isArray(resolved) ? resolved[0] : resolved;
}

/** Whether the documentation says the property is an array, however it says it. */
export function documentedAsArray(documented: DocumentedProperty): boolean {
  const isLazy = typeof documented.type === 'function' && !('prototype' in documented.type && documented.type.prototype);
  return documented.isArray === true || documented.type === 'array' || (isLazy && Array.isArray((documented.type as () => unknown)()));
}

const describe = (value: unknown): unknown => {
  if (value instanceof RegExp) return String(value);
  if (typeof value === 'function') return 'prototype' in value && value.prototype ? `class ${value.name}` : `fn ${value.toString()}`;
  if (Array.isArray(value)) return value.map(describe);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, describe(inner)]));
  return value;
};

type ValidationRule = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

export function validationOf(target: AnyClass): ValidationRule[] {
  return getMetadataStorage().getTargetValidationMetadatas(target, '', false, false);
}

/** The validation rules of one property, each as a comparable line (`isIn(["a","b"])`, `each maxLength(64)`...). */
export function validationRules(target: AnyClass, property: string): string[] {
  return validationOf(target)
    .filter((rule) => rule.propertyName === property)
    .map((rule) => {
      if (rule.name === 'isOptional') return 'isOptional';
      if (rule.type === 'nestedValidation') return `${rule.each ? 'each ' : ''}validateNested`;
      const constraints = (rule.constraints ?? []) as unknown[];
      const shown =
        rule.type === 'conditionalValidation'
          ? `validateIf(${String(constraints[0]).replace(/\s+/g, ' ')})`
          : `${rule.name ?? rule.type}(${JSON.stringify(describe(constraints)).slice(1, -1)})`;
      return `${rule.each ? 'each ' : ''}${shown}${typeof rule.message === 'string' ? ` "${rule.message}"` : ''}`;
    })
    .sort();
}

export function documentedProperties(target: AnyClass): string[] {
  const names = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, target.prototype) ?? []) as string[];
  return [...new Set(names.map((name) => name.replace(/^:/, '')))];
}

export function documentation(target: AnyClass, property: string): DocumentedProperty | undefined {
  return Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, target.prototype, property) as DocumentedProperty | undefined;
}

/** The documentation of one property as comparable text (lazy types resolved to their class). */
export function documentationText(target: AnyClass, property: string): string {
  const documented = documentation(target, property);
  if (!documented) return 'undocumented';
  // PickType and friends re-apply the options and add `isArray: false` where it was left out.
  const { isArray: _isArray, ...rest } = documented;
  return JSON.stringify(describe({ ...rest, isArray: documentedAsArray(documented), type: resolveType(documented.type) }));
}

/** Every property a class validates or documents. */
export function propertiesOf(target: AnyClass): string[] {
  return [...new Set([...validationOf(target).map((rule) => rule.propertyName), ...documentedProperties(target)])];
}

/** The class `@Type(() => X)` names for a nested property, if any. */
export function nestedClassOf(target: AnyClass, property: string): AnyClass | undefined {
  const metadata = defaultMetadataStorage.findTypeMetadata(target, property);
  const type = metadata?.typeFunction?.();
  return typeof type === 'function' && type !== Object ? (type as AnyClass) : undefined;
}
