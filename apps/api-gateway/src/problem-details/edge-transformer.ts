import type { Type } from '@nestjs/common';
import type { TransformerPackage } from '@nestjs/common/interfaces/external/transformer-package.interface';
import * as classTransformer from 'class-transformer';

const shallowBodies = new WeakSet<Type>();

/**
 * A body whose fields the validation takes as parsed: its class is built from the top-level fields
 * alone, without class-transformer's deep copy. For bodies that carry thousands of plain items
 * checked one by one further on (a 10,000-message batch): the copy was a third of the gateway's work
 * on such a request, all of it one block of its event loop, which live requests queued behind.
 * The class's own rules and the whitelist apply as for any body; its fields must need no conversion.
 */
export function ShallowBody(): ClassDecorator {
  return (target) => {
    shallowBodies.add(target as unknown as Type);
  };
}

/** class-transformer for the gateway's ValidationPipe, which builds ShallowBody classes shallowly. */
export const edgeTransformer: TransformerPackage = {
  plainToInstance<T>(cls: Type<T>, plain: unknown, options?: classTransformer.ClassTransformOptions): T | T[] {
    if (shallowBodies.has(cls) && typeof plain === 'object' && plain !== null && !Array.isArray(plain)) return Object.assign(new cls() as object, plain) as T;
    return classTransformer.plainToInstance(cls, plain, options);
  },
  classToPlain: (object, options) => classTransformer.instanceToPlain(object, options),
};
