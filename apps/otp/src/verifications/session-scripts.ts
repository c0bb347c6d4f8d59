import { LuaScript } from '@zagel/redis';

/**
 * Opens a verification in one round trip, all or nothing: refuses a blocked prefix (and starts a
 * block when the prefix's verify rate collapsed), takes a slot in every velocity window, records the
 * start for the prefix's verify rate, stores the code's HMAC and sealed copy with its attempts (the
 * session) until expiry, starts the resend cooldown and points the number at this verification (a
 * check by number finds it without PostgreSQL).
 *
 * ARGV: now, id, rate window from, rate window until, min volume, min verify rate, block ms,
 * block time (ISO), rate window ms, hmac, sealed, max attempts, ttl s, cooldown ms, organization,
 * alphanumeric ('1'/'0'), then a (window ms, limit) pair per window key.
 * Replies: {'blocked', ms left} | {'pumping', block ms, started, approved} | {'limited', window, retry ms} | {'opened'}.
 */
export const OPEN_SESSION_SCRIPT = new LuaScript({
  name: 'open-verification-session',
  keys: ['prefixBlocked', 'prefixStarted', 'prefixApproved', 'code', 'cooldown', 'latest'],
  more: 'windows',
  source: `
local now = tonumber(ARGV[1])
local id = ARGV[2]
local blocked = redis.call('PTTL', KEYS[1])
if blocked > 0 then return {'blocked', blocked} end
local started = redis.call('ZCOUNT', KEYS[2], ARGV[3], ARGV[4])
local approved = redis.call('ZCOUNT', KEYS[3], ARGV[3], ARGV[4])
if started >= tonumber(ARGV[5]) and approved < tonumber(ARGV[6]) * started then
  redis.call('SET', KEYS[1], cjson.encode({started = started, approved = approved, at = ARGV[8]}), 'PX', ARGV[7], 'NX')
  return {'pumping', tonumber(ARGV[7]), started, approved}
end
for i = 7, #KEYS do
  local window = tonumber(ARGV[15 + (i - 6) * 2])
  local limit = tonumber(ARGV[16 + (i - 6) * 2])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  if redis.call('ZCARD', KEYS[i]) >= limit then
    local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
    return {'limited', i - 6, tonumber(oldest[2]) + window - now}
  end
end
for i = 7, #KEYS do
  redis.call('ZADD', KEYS[i], now, id)
  redis.call('PEXPIRE', KEYS[i], ARGV[15 + (i - 6) * 2])
end
local rateWindow = tonumber(ARGV[9])
redis.call('ZADD', KEYS[2], now, id)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - rateWindow)
redis.call('PEXPIRE', KEYS[2], rateWindow)
redis.call('HSET', KEYS[4], 'hmac', ARGV[10], 'sealed', ARGV[11], 'attempts', 0, 'max', ARGV[12], 'org', ARGV[15], 'alnum', ARGV[16])
redis.call('EXPIRE', KEYS[4], ARGV[13])
if tonumber(ARGV[14]) > 0 then redis.call('SET', KEYS[5], '1', 'PX', ARGV[14]) end
redis.call('SET', KEYS[6], id, 'EX', ARGV[13])
return {'opened'}`,
});

/** Takes back everything OPEN_SESSION_SCRIPT did for `id` (ARGV[1]), when the start fails after it. */
export const UNDO_OPEN_SCRIPT = new LuaScript({
  name: 'undo-verification-session',
  keys: ['prefixStarted', 'code', 'cooldown', 'latest'],
  more: 'windows',
  source: `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3])
if redis.call('GET', KEYS[4]) == ARGV[1] then redis.call('DEL', KEYS[4]) end
for i = 5, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
return 1`,
});

/**
 * Checks a typed code in one round trip: counts the attempt, compares the HMACs in constant time
 * (every byte, whatever differs) and deletes the code once its last attempt is spent. The session must
 * belong to the organization (ARGV[1]); ARGV[2] and ARGV[3] are the candidate's HMAC as typed and
 * upper-cased (alphanumeric codes are case-insensitive). The code stays on a match: the approval is
 * decided by the row, and the code is removed after it commits.
 * Replies: {'missing'} (no session here: read the row) | {'locked', attempts, max} | {'match' | 'wrong' | 'exhausted', attempts, max}.
 */
export const CHECK_CODE_SCRIPT = new LuaScript({
  name: 'check-verification-code',
  keys: ['code'],
  source: `
local fields = redis.call('HMGET', KEYS[1], 'org', 'hmac', 'attempts', 'max', 'alnum')
if not fields[1] or fields[1] ~= ARGV[1] then return {'missing'} end
local max = tonumber(fields[4])
if tonumber(fields[3]) >= max then return {'locked', tonumber(fields[3]), max} end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
local expected = fields[2]
local candidate = ARGV[2]
if fields[5] == '1' then candidate = ARGV[3] end
local difference = 0
if #candidate ~= #expected then difference = 1 end
for i = 1, #expected do
  difference = bit.bor(difference, bit.bxor(string.byte(expected, i), string.byte(candidate, i) or 0))
end
if difference == 0 then return {'match', attempts, max} end
if attempts >= max then
  redis.call('DEL', KEYS[1])
  return {'exhausted', attempts, max}
end
return {'wrong', attempts, max}`,
});

/**
 * After an approval committed: deletes the code and counts the approval in its prefix's verify rate,
 * scored by the start time (ARGV: id, start ms, now ms, rate window ms), trimmed to the window.
 */
export const CLOSE_APPROVED_SCRIPT = new LuaScript({
  name: 'close-approved-verification',
  keys: ['code', 'prefixApproved'],
  source: `
redis.call('DEL', KEYS[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[3]) - tonumber(ARGV[4]))
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 1`,
});
