import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { checkLane, checkRoutingFields } from './routing';
import { cacheValidationMetadata } from './validation-metadata-cache';
import { toInstance } from './validation/payload-instance';
import { payloadCheck } from './validation/payload-validator';

cacheValidationMetadata();

export type ContractKind = 'event' | 'command' | 'rpc';

/** A payload field an event's routing key carries after its type, with every value it may take. */
export interface RoutingField {
  readonly name: string;
  readonly values: readonly string[];
}

/** A bus message type: its name (the routing key, or its first words), schema version and payload class. */
export interface Contract<P extends object = object> {
  readonly kind: ContractKind;
  readonly type: string;
  readonly version: number;
  readonly payload: new () => P;
  /** Events: payload fields appended to the type in the routing key (`message.status.<status>.<origin>`). */
  readonly routing?: readonly RoutingField[];
  /** Commands and RPCs: the lane of the queue that takes them (absent: the service's default queue). */
  readonly lane?: string;
}

/** An RPC: a request contract and the class of its successful reply. */
export interface RpcContract<Req extends object = object, Res extends object = object> extends Contract<Req> {
  readonly kind: 'rpc';
  readonly reply: new () => Res;
}

export type PayloadOf<C> = C extends Contract<infer P> ? P : never;
export type ReplyOf<C> = C extends RpcContract<object, infer R> ? R : never;

const registry = new Map<string, Contract>();

function register<C extends Contract>(contract: C): C {
  const existing = registry.get(contract.type);
  if (existing && existing !== contract) throw new Error(`contract ${contract.type} is defined twice`);
  registry.set(contract.type, contract);
  return contract;
}

export function defineEvent<P extends object>(
  type: string,
  version: number,
  payload: new () => P,
  options: { routing?: readonly (RoutingField & { name: keyof P & string })[] } = {},
): Contract<P> {
  if (options.routing) checkRoutingFields(type, options.routing);
  return register({ kind: 'event', type, version, payload, ...(options.routing && { routing: options.routing }) });
}

export function defineCommand<P extends object>(
  type: string,
  version: number,
  payload: new () => P,
  options: { lane?: string } = {},
): Contract<P> {
  return register({ kind: 'command', type, version, payload, ...(options.lane && { lane: checkLane(type, options.lane) }) });
}

export function defineRpc<Req extends object, Res extends object>(
  type: string,
  version: number,
  payload: new () => Req,
  reply: new () => Res,
  options: { lane?: string } = {},
): RpcContract<Req, Res> {
  return register({ kind: 'rpc', type, version, payload, reply, ...(options.lane && { lane: checkLane(type, options.lane) }) });
}

export function findContract(type: string): Contract | undefined {
  return registry.get(type);
}

/** Every contract defined so far (all of them once `@zagel/contracts` is loaded). */
export function registeredContracts(): Contract[] {
  return [...registry.values()];
}

export class ContractViolation extends Error {
  constructor(
    readonly type: string,
    readonly problems: string[],
  ) {
    super(`invalid ${type} payload: ${problems.join('; ')}`);
    this.name = 'ContractViolation';
  }
}

function flatten(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const at = path ? `${path}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${at}: ${message}`);
    return [...own, ...flatten(error.children ?? [], at)];
  });
}

/** The class-validator path: the instance, or ContractViolation listing every problem in its words. */
export function parsePayloadWithClassValidator<P extends object>(type: string, payloadClass: new () => P, plain: object): P {
  const instance = plainToInstance(payloadClass, plain);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new ContractViolation(type, flatten(errors));
  return instance;
}

/**
 * Turns a plain payload into its class instance, or throws ContractViolation listing every problem.
 * Validity is decided by the class's JSON Schema, compiled once by ajv from its class-validator
 * decorators (validation/payload-schema.ts), on the plain object; the instance is then built
 * without class-transformer (validation/payload-instance.ts), since no contract class has
 * defaults, methods or conversions. A class whose graph converts values (`@Type(() => Number)`...)
 * is turned into its instance by class-transformer first and the instance checked. A payload the
 * schema refuses goes through class-validator once more, which names the problems in the same
 * words as ever (and whose verdict stands).
 */
export function parsePayload<P extends object>(type: string, payloadClass: new () => P, plain: unknown): P {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new ContractViolation(type, ['payload must be a JSON object']);
  }
  const check = payloadCheck(payloadClass);
  if (check.kind === 'schema') {
    if (!check.transforms) {
      if (check.validate(plain)) return toInstance(payloadClass, plain);
    } else {
      const instance = plainToInstance(payloadClass, plain);
      if (check.validate(instance)) return instance;
    }
  }
  return parsePayloadWithClassValidator(type, payloadClass, plain);
}
