import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { AnyClass, classTransformerMetadata } from './class-transformer-metadata';

/** How to dress a validated plain payload as its class: the prototype, and which properties nest a class. */
interface InstancePlan {
  prototype: object;
  nested: Map<string, InstancePlan>;
}

const plans = new WeakMap<AnyClass, InstancePlan>();

function planOf(cls: AnyClass): InstancePlan {
  let plan = plans.get(cls);
  if (plan) return plan;
  plan = { prototype: cls.prototype as object, nested: new Map() };
  plans.set(cls, plan);
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    if (meta.type !== ValidationTypes.NESTED_VALIDATION) continue;
    const nested = classTransformerMetadata.findTypeMetadata(cls, meta.propertyName)?.typeFunction() as AnyClass | undefined;
    if (nested) plan.nested.set(meta.propertyName, planOf(nested));
  }
  return plan;
}

function dress(plan: InstancePlan, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => dress(plan, item));
  if (value === null || typeof value !== 'object') return value;
  const instance = Object.create(plan.prototype) as Record<string, unknown>;
  for (const [key, property] of Object.entries(value)) {
    const nested = plan.nested.get(key);
    instance[key] = nested ? dress(nested, property) : property;
  }
  return instance;
}

/**
 * The class instance of a payload already validated, for classes where class-transformer would
 * change nothing but the prototypes (no defaults, methods or conversions: `needsTransform` is
 * false): a new object per class level, nested `@ValidateNested` properties (and arrays of them)
 * dressed as their `@Type` class, other values kept as they are.
 */
export function toInstance<P extends object>(payloadClass: new () => P, plain: object): P {
  return dress(planOf(payloadClass), plain) as P;
}
