import { Type as ClassType } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';

const ANSWERED_AT_THE_EDGE = 'zagel:answered-at-the-edge';
const FILLED_AT_THE_EDGE = 'zagel:filled-at-the-edge';

/**
 * A response the gateway answers itself, with no service (and so no bus contract) behind it.
 * Public shapes are otherwise derived from `@zagel/contracts`; the reason says why this one is not.
 */
export const AnsweredAtTheEdge =
  (reason: string): ClassDecorator =>
  (target) =>
    Reflect.defineMetadata(ANSWERED_AT_THE_EDGE, reason, target);

/** A property of a derived response that the gateway adds to the service's reply; the reason says from where. */
export const FilledAtTheEdge =
  (reason: string): PropertyDecorator =>
  (target, property) =>
    Reflect.defineMetadata(FILLED_AT_THE_EDGE, reason, target, property);

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function answeredAtTheEdge(target: Function): string | undefined {
  return Reflect.getMetadata(ANSWERED_AT_THE_EDGE, target) as string | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function filledAtTheEdge(target: Function, property: string): string | undefined {
  return Reflect.getMetadata(FILLED_AT_THE_EDGE, target.prototype as object, property) as string | undefined;
}

/**
 * A contract's fields as query parameters. Query strings are text, so each number (and boolean) is read from the
 * text before the contract's own rules check it; nothing else differs from the contract.
 */
export function QueryOf<T>(contract: ClassType<T>): ClassType<T> {
  class Query extends (contract as ClassType<object>) {}
  const properties = new Set(getMetadataStorage().getTargetValidationMetadatas(contract, '', false, false).map((rule) => rule.propertyName));
  for (const property of properties) {
    const type = Reflect.getMetadata('design:type', contract.prototype as object, property) as unknown;
    if (type === Number) Type(() => Number)(Query.prototype, property);
    // `true` and `false` are read as booleans; anything else stays text, which the contract refuses.
    if (type === Boolean) Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))(Query.prototype, property);
  }
  return Query as ClassType<T>;
}
