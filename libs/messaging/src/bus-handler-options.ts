import { bindingProblem, Contract } from '@zagel/contracts';
import { CommandHandlerOptions, EventHandlerOptions } from './handler-registry';

/**
 * The extras of a bus handler's `@EventPattern` / `@MessagePattern`: how the bus consumes what the
 * handler takes. One object for every kind of handler, read in one place (`readHandlerOptions`), so
 * a new setting (a batch size, binding keys with wildcards) is a new optional field here and in the
 * bus, without touching the handlers that do not use it. Per-lane settings (a lane's prefetch) belong
 * to the lane, not to each handler on it.
 */
export interface BusHandlerOptions extends EventHandlerOptions, CommandHandlerOptions {}

const KIND_NAMES: Record<Contract['kind'], string> = { event: 'an event', command: 'a command', rpc: 'an RPC' };

/** "an event", "a command", "an RPC": for messages that name what a contract is. */
export function kindOf(contract: Contract): string {
  return KIND_NAMES[contract.kind];
}

const ALLOWED: Record<Contract['kind'], readonly (keyof BusHandlerOptions)[]> = {
  event: ['lane', 'bindings'],
  command: ['perInstance'],
  rpc: [],
};

/** The options a handler declared, refusing any its contract's kind does not take (a typo fails the boot). */
export function readHandlerOptions(contract: Contract, extras: Record<string, unknown> = {}): BusHandlerOptions {
  const allowed: readonly string[] = ALLOWED[contract.kind];
  const unknown = Object.keys(extras).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    const takes = allowed.length > 0 ? `it takes ${allowed.join(', ')}` : 'it takes none';
    throw new Error(`${contract.type} (${contract.kind}) handler: unknown option(s) ${unknown.join(', ')}; ${takes}`);
  }
  const options: BusHandlerOptions = {};
  if (extras.lane !== undefined) {
    if (typeof extras.lane !== 'string') throw new Error(`${contract.type} handler: lane must be a string`);
    options.lane = extras.lane;
  }
  if (extras.bindings !== undefined) options.bindings = readBindings(contract, extras.bindings);
  if (extras.perInstance !== undefined) {
    if (typeof extras.perInstance !== 'boolean') throw new Error(`${contract.type} handler: perInstance must be a boolean`);
    options.perInstance = extras.perInstance;
  }
  return options;
}

/** Binding patterns of the contract's own shape (`message.status.*.otp`), at least one, each valid. */
function readBindings(contract: Contract, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((entry) => typeof entry !== 'string')) {
    throw new Error(`${contract.type} handler: bindings must be a non-empty list of routing key patterns`);
  }
  const patterns = value as string[];
  const problems = patterns.map((pattern) => bindingProblem(contract, pattern)).filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Error(`${contract.type} handler: ${problems.join('; ')}`);
  return patterns;
}
