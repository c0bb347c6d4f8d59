import { LuaScript, RedisKeys } from '@zagel/redis';

/**
 * The Redis side of an organization's prepaid allowance, one hash tag per organization so every
 * script's keys sit on one Redis Cluster slot:
 * - `pool` (hash): `allowance` (id), `seq`, `left` (spendable now), `spent` (spent since the last settlement);
 * - `settling` (hash): the settlement taken out of the pool and not yet confirmed applied in Postgres;
 * - `closed`: the highest allowance `seq` closed, so a late credit can never revive a closed allowance;
 * - `refill`: set (with a time to live) while a refill is asked, so one spender asks, not all of them;
 * - `spend:<message id>` (hash, with a time to live): one message's spend (`allowance`, `amount`, `pricing`
 *   as JSON, `state`), so its price is settled once by its fate: `open` until billing claims it on the
 *   message's first settling status (`billing`: billing charges the route's price, or nothing, and returns
 *   the rest to the wallet) or the sender gives it back to the allowance (the record is deleted).
 * The invariant that keeps the ledger exact: `left + spent` never exceeds what billing committed to
 * the allowance, and what is spent is taken out only by billing's settlement.
 */
export interface AllowanceKeys {
  pool: string;
  settling: string;
  closed: string;
  refill: string;
}

export function allowanceKeys(keys: RedisKeys, organizationId: string): AllowanceKeys {
  const tag = `{${organizationId}}`;
  return {
    pool: keys.key('allowance', tag, 'pool'),
    settling: keys.key('allowance', tag, 'settling'),
    closed: keys.key('allowance', tag, 'closed'),
    refill: keys.key('allowance', tag, 'refill'),
  };
}

/** The record of one message's spend (same hash tag as the organization's pool). */
export function allowanceSpendKey(keys: RedisKeys, organizationId: string, messageId: string): string {
  return keys.key('allowance', `{${organizationId}}`, 'spend', messageId);
}

/**
 * Spends `amount` if the pool has it. Answers {1 spent | 0 refused, left, 1 if this caller should ask
 * for a refill, the allowance id}: a refill is asked when refused or when `left` fell below the
 * low-water mark, once per `refill` TTL. With a third key (the message's spend record) and ARGV[4]
 * (its pricing, JSON) and ARGV[5] (the record's time to live, ms), a spend is recorded for billing to settle.
 */
const SPEND_SOURCE = `
    local amount = tonumber(ARGV[1])
    local left = tonumber(redis.call('HGET', KEYS[1], 'left') or '-1')
    local spent = 0
    if left >= amount then
      left = redis.call('HINCRBY', KEYS[1], 'left', -amount)
      redis.call('HINCRBY', KEYS[1], 'spent', amount)
      spent = 1
      if KEYS[3] then
        redis.call('HSET', KEYS[3], 'allowance', redis.call('HGET', KEYS[1], 'allowance'), 'amount', amount, 'pricing', ARGV[4], 'state', 'open')
        redis.call('PEXPIRE', KEYS[3], ARGV[5])
      end
    end
    local ask = 0
    if (spent == 0 or left < tonumber(ARGV[2])) and redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then ask = 1 end
    if left < 0 then left = 0 end
    return {spent, left, ask, redis.call('HGET', KEYS[1], 'allowance') or ''}`;

export const SPEND_ALLOWANCE = new LuaScript({
  name: 'allowance-spend',
  keys: ['pool', 'refill'],
  more: 'the message spend record (none or one)',
  source: SPEND_SOURCE,
});

/**
 * Gives back `amount` spent from the allowance ARGV[2] (the caller's own work failed). Answers 1, or
 * 0 when that allowance's pool is gone (closed: the amount was settled as spent), so a give-back can
 * only offset its own allowance's spends. With a second key (the message's spend record), only a
 * spend still `open` is given back, once (the record goes); one billing claimed, or one whose
 * allowance closed (billing returns it to the wallet when the message's fate is known), answers 0.
 */
const GIVE_BACK_SOURCE = `
    if KEYS[2] and redis.call('HGET', KEYS[2], 'state') ~= 'open' then return 0 end
    if redis.call('HGET', KEYS[1], 'allowance') ~= ARGV[2] then return 0 end
    redis.call('HINCRBY', KEYS[1], 'left', tonumber(ARGV[1]))
    redis.call('HINCRBY', KEYS[1], 'spent', -tonumber(ARGV[1]))
    if KEYS[2] then redis.call('DEL', KEYS[2]) end
    return 1`;

export const GIVE_BACK_ALLOWANCE = new LuaScript({
  name: 'allowance-give-back',
  keys: ['pool'],
  more: 'the message spend record (none or one)',
  source: GIVE_BACK_SOURCE,
});

/** Billing credits a block it has committed: ARGV allowance id, seq, amount. Answers 0 (nothing credited) for a closed or superseded allowance. */
export const CREDIT_ALLOWANCE = new LuaScript({
  name: 'allowance-credit',
  keys: ['pool', 'closed', 'refill'],
  source: `
    local seq = tonumber(ARGV[2])
    if tonumber(redis.call('GET', KEYS[2]) or '0') >= seq then return 0 end
    local current = redis.call('HGET', KEYS[1], 'allowance')
    if current and current ~= ARGV[1] then return 0 end
    redis.call('HSET', KEYS[1], 'allowance', ARGV[1], 'seq', seq)
    redis.call('HINCRBY', KEYS[1], 'left', tonumber(ARGV[3]))
    redis.call('HINCRBY', KEYS[1], 'spent', 0)
    redis.call('DEL', KEYS[3])
    return 1`,
});

/**
 * Billing takes what was spent out of the pool into `settling` (ARGV allowance id, seq, settlement
 * id, 1 to close): on close the pool is removed and the seq marked closed. A settlement still pending
 * (its taker crashed before confirming) is answered instead, untouched, so it is applied first.
 * Answers the settling hash as a flat field/value list, or an empty list when nothing was spent
 * since the last settlement and the allowance stays open (nothing to settle).
 */
export const TAKE_ALLOWANCE = new LuaScript({
  name: 'allowance-take',
  keys: ['pool', 'settling', 'closed'],
  source: `
    if redis.call('EXISTS', KEYS[2]) == 1 then return redis.call('HGETALL', KEYS[2]) end
    local spent = 0
    if redis.call('HGET', KEYS[1], 'allowance') == ARGV[1] then
      spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
      -- Never HINCRBY by -0: Lua passes it as "-0", which Redis refuses as an integer.
      if ARGV[4] == '1' then redis.call('DEL', KEYS[1]) elseif spent ~= 0 then redis.call('HINCRBY', KEYS[1], 'spent', -spent) end
    end
    if spent == 0 and ARGV[4] ~= '1' then return {} end
    if ARGV[4] == '1' and tonumber(redis.call('GET', KEYS[3]) or '0') < tonumber(ARGV[2]) then redis.call('SET', KEYS[3], ARGV[2]) end
    redis.call('HSET', KEYS[2], 'id', ARGV[3], 'allowance', ARGV[1], 'spent', spent, 'close', ARGV[4])
    return redis.call('HGETALL', KEYS[2])`,
});

/** Billing confirms a settlement applied in Postgres (ARGV settlement id): it leaves `settling`. */
export const FINISH_ALLOWANCE_SETTLEMENT = new LuaScript({
  name: 'allowance-finish',
  keys: ['settling'],
  source: `
    if redis.call('HGET', KEYS[1], 'id') == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
    return 0`,
});

/**
 * Billing claims the spend records KEYS (messages whose first settling status it is applying): each
 * `open` or already `billing` record becomes `billing` and is answered as {allowance, amount, pricing};
 * a record given back or gone is answered as an empty list. Claiming again (a redelivered event, a
 * retried transaction) answers the same, so the charge recorded in Postgres decides exactly once.
 */
export const CLAIM_ALLOWANCE_SPENDS = new LuaScript({
  name: 'allowance-claim-spends',
  keys: [],
  more: 'spend records of one organization',
  source: `
    local claimed = {}
    for index, key in ipairs(KEYS) do
      local record = redis.call('HMGET', key, 'allowance', 'amount', 'pricing', 'state')
      if record[4] == 'open' or record[4] == 'billing' then
        redis.call('HSET', key, 'state', 'billing')
        claimed[index] = {record[1], record[2], record[3]}
      else
        claimed[index] = {}
      end
    end
    return claimed`,
});

/** The scripts a spender runs, for `SCRIPT LOAD` before it pipelines their EVALSHA. */
export const SPENDER_SCRIPT_SOURCES: readonly string[] = [SPEND_SOURCE, GIVE_BACK_SOURCE];
