import type { Contract, RoutingField } from './contract';

/**
 * Routing keys that carry what consumers filter on. An event with routing fields is published
 * under `<type>.<value>...` (`message.status.sent.otp`), and a consumer binds patterns of exactly
 * that many words, each word the field's value or `*`. Never `#`: a pattern of a fixed length
 * cannot match another contract whose type starts with the same words (`message.status.batch`
 * has three words, every `message.status` key has four).
 */

/** The lanes a message travels on: `live` (OTP, single sends) and `bulk` (batches, campaigns). */
export const LANES = ['live', 'bulk'] as const;
export type Lane = (typeof LANES)[number];

/**
 * An event lane of its own for OTP outcomes (`otp.verified`, verification status changes), so a
 * consumer that also takes bulk events answers a verification's callback without waiting behind them.
 */
export const OTP_EVENT_LANE = 'otp';

const WORD = /^[a-z][a-z0-9_-]*$/;
const LANE = /^[a-z][a-z0-9-]*$/;

export function checkLane(type: string, lane: string): string {
  if (!LANE.test(lane)) throw new Error(`contract ${type}: invalid lane "${lane}"`);
  return lane;
}

export function checkRoutingFields(type: string, fields: readonly RoutingField[]): void {
  if (fields.length === 0) throw new Error(`contract ${type}: routing needs at least one field`);
  for (const field of fields) {
    const bad = field.values.filter((value) => !WORD.test(value));
    if (field.values.length === 0 || bad.length > 0) {
      throw new Error(`contract ${type}: routing field ${field.name} needs values that are single words (got ${bad.join(', ') || 'none'})`);
    }
  }
}

/** The routing key a payload is published under: the type, then each routing field's value. */
export function routingKeyOf<P extends object>(contract: Contract<P>, payload: P): string {
  if (!contract.routing) return contract.type;
  const values = contract.routing.map((field) => String((payload as Record<string, unknown>)[field.name]));
  return [contract.type, ...values].join('.');
}

/** The binding that takes every message of the contract (what a consumer that declares no bindings gets). */
export function everyKeyOf(contract: Contract): string {
  return [contract.type, ...(contract.routing ?? []).map(() => '*')].join('.');
}

/**
 * What is wrong with a binding pattern for a contract, or undefined: the type's own words, then per
 * routing field a value it may take or `*`.
 */
export function bindingProblem(contract: Contract, pattern: string): string | undefined {
  const prefix = `${contract.type}.`;
  const fields = contract.routing ?? [];
  if (pattern === contract.type && fields.length === 0) return undefined;
  if (!pattern.startsWith(prefix) || fields.length === 0) {
    return fields.length === 0
      ? `${contract.type} has no routing fields: its only binding is "${contract.type}"`
      : `"${pattern}" does not start with "${prefix}"`;
  }
  const words = pattern.slice(prefix.length).split('.');
  const shape = fields.map((field) => `<${field.name}>`).join('.');
  if (words.length !== fields.length) return `"${pattern}" must be ${prefix}${shape} (each word a value or *)`;
  for (const [index, word] of words.entries()) {
    const field = fields[index];
    if (word !== '*' && !field.values.includes(word)) {
      return `"${pattern}": ${field.name} "${word}" is not one of ${field.values.join(', ')} (or *)`;
    }
  }
  return undefined;
}

/** Whether one routing key can match two bindings of the same contract (then two queues would get it). */
export function bindingsOverlap(a: string, b: string): boolean {
  const left = a.split('.');
  const right = b.split('.');
  return left.length === right.length && left.every((word, index) => word === right[index] || word === '*' || right[index] === '*');
}
