/** A phone's quota counts the units reserved in the last 24 hours, not a calendar day. */
export const QUOTA_WINDOW_MS = 24 * 60 * 60 * 1_000;

/**
 * A phone's quota window, shared by the pick and the membership scripts. Expects the locals
 * `prefix`, `now` and `window` (ms).
 *
 * The window is a sorted set per phone (`quota:<device>`): one member per reserved unit, the lease
 * id, scored by when it was reserved. A unit counts from that moment until exactly `window` later
 * (pruned in the same script that counts, so the count is exact under any concurrency); a refund
 * removes that lease's member, so it gives back exactly its own unit; a rebuild from the database
 * adds members by lease id, so it can run twice without counting a unit twice. A phone with quota Q
 * holds at most Q members (a listpack of a few hundred bytes at the default of 5), and each call
 * costs O(log Q) — cheaper than a ring of minute buckets, and exact to the millisecond.
 *
 * A phone out of quota is listed in `quota-frees`, scored by when its window frees a unit, so the
 * refresher files it again at that moment instead of rescanning every phone.
 *
 * `quota-epoch` says the windows are complete: it is set when they were rebuilt from the database
 * (QuotaWindowsRecovery), so after Redis lost its data nothing is picked until they are whole again.
 */
export const QUOTA_WINDOW_FUNCTIONS = `
local function windowsKnown()
  return redis.call('EXISTS', prefix .. 'quota-epoch') == 1
end

local function usedInWindow(key)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  return redis.call('ZCARD', key)
end

local function reserveUnit(key, leaseId)
  redis.call('ZADD', key, now, leaseId)
  redis.call('PEXPIRE', key, window)
  return redis.call('ZCARD', key)
end

-- When the window will hold fewer than quota units again: the (used - quota + 1)th oldest unit
-- leaves it then. nil for a quota of 0, which never frees.
local function capacityReturnsAt(key, used, quota)
  if quota <= 0 then return nil end
  local unit = redis.call('ZRANGE', key, used - quota, used - quota, 'WITHSCORES')
  if not unit[2] then return now end
  return tonumber(unit[2]) + window
end

local function awaitCapacity(id, key, used, quota)
  local at = capacityReturnsAt(key, used, quota)
  if at then
    redis.call('ZADD', prefix .. 'quota-frees', at, id)
  else
    redis.call('ZREM', prefix .. 'quota-frees', id)
  end
end
`;
