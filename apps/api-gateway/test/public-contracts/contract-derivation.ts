import * as contracts from '@zagel/contracts';
import { answeredAtTheEdge, filledAtTheEdge } from '../../src/public-http/public-shapes';
import {
  AnyClass,
  documentedAsArray,
  documentation,
  documentationText,
  DocumentedProperty,
  nestedClassOf,
  propertiesOf,
  resolveType,
  validationOf,
  validationRules,
} from './property-rules';

const isClass = (value: unknown): value is AnyClass => typeof value === 'function' && 'prototype' in value && Boolean(value.prototype);

/** Every class `@zagel/contracts` exports that validates or documents properties: where public shapes come from. */
export const CONTRACT_CLASSES: readonly AnyClass[] = (Object.values(contracts) as unknown[]).filter(
  (value): value is AnyClass => isClass(value) && propertiesOf(value).length > 0,
);

const isContractClass = (target: AnyClass) => CONTRACT_CLASSES.includes(target);

interface PropertySignature {
  validation: string[];
  documentation: string;
}

function signature(target: AnyClass, property: string): PropertySignature {
  return { validation: validationRules(target, property), documentation: documentationText(target, property) };
}

const sameSignature = (a: PropertySignature, b: PropertySignature) =>
  a.documentation === b.documentation && JSON.stringify(a.validation) === JSON.stringify(b.validation);

/** The classes a property's documentation or `@Type()` points to (its items, for arrays). */
function nestedClasses(target: AnyClass, property: string): AnyClass[] {
  const documented = resolveType(documentation(target, property)?.type);
  return [...new Set([documented, nestedClassOf(target, property)].filter(isClass))].filter((nested) => nested !== String && nested !== Number && nested !== Boolean);
}

const BOUNDS: Record<string, (constraints: unknown[]) => Record<string, unknown>> = {
  min: ([value]) => ({ minimum: value }),
  max: ([value]) => ({ maximum: value }),
  minLength: ([value]) => ({ minLength: value }),
  maxLength: ([value]) => ({ maxLength: value }),
  length: ([min, max]) => ({ minLength: min, ...(max === undefined ? {} : { maxLength: max }) }),
  arrayMinSize: ([value]) => ({ minItems: value }),
  arrayMaxSize: ([value]) => ({ maxItems: value }),
};

const sortedText = (values: unknown) => JSON.stringify([...((values as unknown[]) ?? [])].map(String).sort());

/** What the documentation of one contract property gets wrong about its validation. */
function documentationMismatches(target: AnyClass, property: string, documented: DocumentedProperty): string[] {
  const rules = validationOf(target).filter((rule) => rule.propertyName === property);
  if (rules.length === 0) return ['is documented but not validated'];
  const problems: string[] = [];
  const optional = rules.some((rule) => rule.name === 'isOptional');
  const conditional = rules.some((rule) => rule.type === 'conditionalValidation' && rule.name === undefined);
  const documentedRequired = documented.required !== false;
  if (!conditional && documentedRequired === optional) {
    problems.push(`is validated as ${optional ? 'optional' : 'required'} but documented as ${documentedRequired ? 'required' : 'optional'}`);
  }
  for (const rule of rules) {
    const constraints = (rule.constraints ?? []) as unknown[];
    if (rule.name === 'isIn') {
      const items = documented.items as DocumentedProperty | undefined;
      const enumeration = rule.each ? (items?.enum ?? documented.enum) : documented.enum;
      if (sortedText(enumeration) !== sortedText(constraints[0])) {
        problems.push(`accepts ${sortedText(constraints[0])} but documents the enum ${sortedText(enumeration)}`);
      }
    }
    const bounds = !rule.each && rule.name ? BOUNDS[rule.name]?.(constraints) : undefined;
    for (const [key, value] of Object.entries(bounds ?? {})) {
      if (documented[key] !== value) problems.push(`is validated with ${rule.name}(${constraints.join(', ')}) but documents ${key} ${String(documented[key])}`);
    }
    if (rule.name === 'isArray' && !documentedAsArray(documented)) problems.push('is an array but not documented as one');
  }
  const nested = nestedClassOf(target, property);
  const documentedType = resolveType(documented.type);
  if (nested && documentedType !== nested) problems.push(`holds ${nested.name} but documents ${isClass(documentedType) ? documentedType.name : String(documentedType)}`);
  return problems;
}

export interface Finding {
  /** `POST /v1/verifications request body StartVerificationBody.appHash` */
  where: string;
  problem: string;
}

/**
 * Checks a class the public API documents (a body, a query, a response, or a class nested in one):
 * a contract class must document exactly what it validates; any other class must take every
 * property, rules and documentation alike, from a contract class, unless the gateway marks the
 * property as filled at the edge, or the whole response as answered at the edge.
 */
export function checkPublicClass(target: AnyClass, where: string, checked = new Set<AnyClass>()): Finding[] {
  if (checked.has(target)) return [];
  checked.add(target);
  const findings: Finding[] = [];
  const at = (property: string) => `${where} ${target.name}.${property}`;
  const properties = propertiesOf(target);
  const contract = isContractClass(target);
  const edgeReason = answeredAtTheEdge(target);

  for (const property of properties) {
    const documented = documentation(target, property);
    if (!documented) {
      findings.push({ where: at(property), problem: 'is not documented' });
      continue;
    }
    if (contract) {
      findings.push(...documentationMismatches(target, property, documented).map((problem) => ({ where: at(property), problem })));
    } else if (!edgeReason && !filledAtTheEdge(target, property)) {
      const problem = derivationProblem(target, property, properties);
      if (problem) findings.push({ where: at(property), problem });
    }
    for (const nested of nestedClasses(target, property)) findings.push(...checkPublicClass(nested, where, checked));
  }
  return findings;
}

/** Why a property of a public class is not one of a contract class's, or undefined when it is. */
function derivationProblem(target: AnyClass, property: string, properties: readonly string[]): string | undefined {
  const own = signature(target, property);
  const holders = CONTRACT_CLASSES.filter((candidate) => propertiesOf(candidate).includes(property));
  if (holders.some((holder) => sameSignature(signature(holder, property), own))) return undefined;
  if (holders.length === 0) return 'is in no contract class: derive the class from @zagel/contracts, or mark the property @FilledAtTheEdge(reason)';
  const shared = (candidate: AnyClass) => properties.filter((name) => propertiesOf(candidate).includes(name)).length;
  const extra = (candidate: AnyClass) => propertiesOf(candidate).length - shared(candidate);
  const commonRules = (candidate: AnyClass) => signature(candidate, property).validation.filter((rule) => own.validation.includes(rule)).length;
  const closest = [...holders].sort((a, b) => shared(b) - shared(a) || commonRules(b) - commonRules(a) || extra(a) - extra(b))[0];
  const theirs = signature(closest, property);
  const differences = [
    JSON.stringify(own.validation) === JSON.stringify(theirs.validation)
      ? undefined
      : `validation ${JSON.stringify(own.validation)} here, ${JSON.stringify(theirs.validation)} in the contract`,
    own.documentation === theirs.documentation ? undefined : `documentation ${own.documentation} here, ${theirs.documentation} in the contract`,
  ].filter(Boolean);
  return `differs from ${closest.name}.${property}: ${differences.join('; ')}`;
}
