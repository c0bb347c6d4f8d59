import { GrantAllowance, MessagePricing } from '@zagel/contracts';
import { RedisClient, RedisKeys } from '@zagel/redis';
import { BillingRpc } from '../billing-client';
import { allowanceKeys, allowanceSpendKey, GIVE_BACK_ALLOWANCE, SPEND_ALLOWANCE, SPENDER_SCRIPT_SOURCES } from './allowance-scripts';

/** One EVALSHA, ready to queue on a pipeline or a MULTI: `pipeline.evalSha(call.sha, { keys: call.keys, arguments: call.arguments })`. */
export interface AllowanceCommand {
  sha: string;
  keys: string[];
  arguments: string[];
}

/** What a spend did. `refill` is true for the one caller that should ask billing for more (`afterSpend` does it). */
export interface AllowanceSpend {
  spent: boolean;
  /** Minor units left in the organization's allowance after this call. */
  left: number;
  refill: boolean;
  /** The allowance spent from (keep it to give the amount back); absent when there was none. */
  allowanceId?: string;
}

/**
 * The message a spend pays for: recorded with the spend, so billing charges the message the price of
 * the route it takes (or nothing when it fails) and returns the rest to the wallet, exactly once.
 */
export interface SpentMessage {
  messageId: string;
  pricing: MessagePricing;
  /** How long the record waits for the message's first settling status (its expiry, plus a margin). */
  recordTtlMs: number;
}

export interface PrepaidAllowanceOptions {
  redis: RedisClient;
  keys: RedisKeys;
  /** Billing's RPCs (a BusClient for billing): the refill calls `billing.grant-allowance`. */
  rpc: BillingRpc;
  /** Ask for a refill when a spend leaves less than this (minor units). Default 100. */
  lowWater?: number;
  /** Minor units a refill asks for; default: billing's block size. */
  refillAmount?: number;
  /** At most one refill asked per organization within this time. Default 5,000 ms. */
  refillGuardMs?: number;
  /** Deadline of the refill RPC. Default 10,000 ms. */
  refillTimeoutMs?: number;
  /** Told when a refill fails (the next low spend after the guard asks again). */
  onRefillError?: (organizationId: string, error: unknown) => void;
}

/**
 * An organization's prepaid allowance in Redis, so a sender holds a price without a blocking billing
 * RPC: billing grants it in blocks (each held on the wallet in the ledger), a spend takes from it
 * with one Lua script, a refill is asked off the hot path when it runs low, and billing settles
 * what was spent as captures in batches and returns the rest when the allowance closes.
 *
 * On the hot path, either `await spend(org, amount)` (one EVALSHA), or pipeline it with your own
 * commands: `await allowance.load()` once at boot, queue `spendCommand(org, amount)` on the
 * pipeline, read its reply with `readSpend(reply)`, then call `afterSpend(org, outcome)`. A refused
 * spend means "no allowance now" (none granted yet, or spent): fall back to `billing.reserve`, which
 * answers `insufficient_funds` when the wallet cannot pay. A spend for a message (`SpentMessage`) is
 * settled by billing on the message's first settling status like a reservation: the route's price is
 * charged (nothing on failure) and the rest returned to the wallet. If your own work fails after a
 * spend (the message never went out), `giveBack(org, amount, outcome.allowanceId, messageId)` returns
 * the amount to the allowance it came from, unless billing settled the message first.
 */
export class PrepaidAllowance {
  constructor(private readonly options: PrepaidAllowanceOptions) {}

  /** SCRIPT LOAD of the scripts, so a pipelined EVALSHA finds them (again after a NOSCRIPT error). */
  async load(): Promise<void> {
    for (const source of SPENDER_SCRIPT_SOURCES) await this.options.redis.scriptLoad(source);
  }

  spendCommand(organizationId: string, amount: number, message?: SpentMessage): AllowanceCommand {
    const call = this.spendCall(organizationId, amount, message);
    return { sha: SPEND_ALLOWANCE.sha, keys: [...call.keys], arguments: call.args.map(String) };
  }

  readSpend(reply: unknown): AllowanceSpend {
    if (!Array.isArray(reply) || reply.length !== 4) throw new Error(`unexpected reply from the allowance spend script: ${JSON.stringify(reply)}`);
    const [spent, left, refill] = reply.slice(0, 3).map(Number);
    const allowanceId = String(reply[3]);
    return { spent: spent === 1, left, refill: refill === 1, ...(allowanceId ? { allowanceId } : {}) };
  }

  /** Asks for a refill, without waiting, when the spend says this caller should. */
  afterSpend(organizationId: string, outcome: AllowanceSpend): void {
    if (outcome.refill) void this.refill(organizationId);
  }

  /** Spends `amount` (minor units) from the organization's allowance, for `message` if given: one EVALSHA. */
  async spend(organizationId: string, amount: number, message?: SpentMessage): Promise<AllowanceSpend> {
    const outcome = this.readSpend(await SPEND_ALLOWANCE.run(this.options.redis, this.spendCall(organizationId, amount, message)));
    this.afterSpend(organizationId, outcome);
    return outcome;
  }

  giveBackCommand(organizationId: string, amount: number, allowanceId: string, messageId?: string): AllowanceCommand {
    const keys = [this.keysOf(organizationId).pool, ...(messageId ? [allowanceSpendKey(this.options.keys, organizationId, messageId)] : [])];
    return { sha: GIVE_BACK_ALLOWANCE.sha, keys, arguments: [String(amount), allowanceId] };
  }

  /**
   * Returns an amount spent from `allowanceId` (the spend's `allowanceId`) whose send did not happen;
   * false when that allowance had closed meanwhile (the amount was settled as spent), or, for a spend
   * recorded for `messageId`, when billing settled the message already (or will: its allowance closed).
   */
  async giveBack(organizationId: string, amount: number, allowanceId: string, messageId?: string): Promise<boolean> {
    const call = this.giveBackCommand(organizationId, amount, allowanceId, messageId);
    return Number(await GIVE_BACK_ALLOWANCE.run(this.options.redis, { keys: call.keys, args: call.arguments })) === 1;
  }

  /** Asks billing for a block (`billing.grant-allowance`); never rejects: a failure goes to `onRefillError`. */
  async refill(organizationId: string): Promise<void> {
    try {
      const amount = this.options.refillAmount;
      await this.options.rpc.call(GrantAllowance, { organizationId, ...(amount ? { amount } : {}) }, { timeoutMs: this.options.refillTimeoutMs ?? 10_000 });
    } catch (error) {
      this.options.onRefillError?.(organizationId, error);
    }
  }

  private spendCall(organizationId: string, amount: number, message?: SpentMessage): { keys: string[]; args: (string | number)[] } {
    const keys = this.keysOf(organizationId);
    const args = [amount, this.options.lowWater ?? 100, this.options.refillGuardMs ?? 5_000];
    if (!message) return { keys: [keys.pool, keys.refill], args };
    return {
      keys: [keys.pool, keys.refill, allowanceSpendKey(this.options.keys, organizationId, message.messageId)],
      args: [...args, JSON.stringify(message.pricing), Math.max(1, Math.round(message.recordTtlMs))],
    };
  }

  private keysOf(organizationId: string) {
    return allowanceKeys(this.options.keys, organizationId);
  }
}
