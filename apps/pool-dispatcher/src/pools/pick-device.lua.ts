import { LuaScript } from '@zagel/redis';
import { QUOTA_WINDOW_FUNCTIONS } from './quota-window.lua';

/**
 * The pick itself, shared by the single and the batch script. Expects the locals `prefix`, `now`,
 * `window`, `strategy`, `defaultQuota` and `maxInFlight`. `pick(job, pools)` walks the pools in order
 * (each `{pool, cursor}`) and leases the first eligible phone to the job's message:
 * job = {lease, leaseId, messageId, attempt, deadline, organizationId, origin?, tried, deadlines, excluded, only?}
 * (only: the one phone that may take it, looked up in those pools instead of scanning them)
 * (origin: of the request, for its status events; the API's when absent).
 * Eligible = connected, not cooling down, not excluded, quota left in the last 24 hours, fewer than
 * DEVICE_MAX_IN_FLIGHT open leases (the gateway hands back a push to a phone holding that many, so
 * pushing it would only bounce). The quota is reserved (the lease joins the phone's window, see
 * QUOTA_WINDOW_FUNCTIONS) and the lease written in the same step, so two instances can never hand
 * one phone's last unit to two messages. Phones found out of quota leave the pools and are listed
 * with the time their window frees a unit (the refresher puts them back then), so fill-first does
 * not rescan them. Nothing is picked while the quota windows are not known (after a loss of Redis,
 * until QuotaWindowsRecovery has rebuilt them). Returns {deviceId, gatewayInstanceId, ownerId, poolKey} or nil.
 */
export const PICK_FUNCTIONS = `
${QUOTA_WINDOW_FUNCTIONS}
local function poolsOf(country, carrier)
  local pools = { prefix .. 'pool:' .. country }
  if carrier and carrier ~= '' then table.insert(pools, prefix .. 'pool:' .. country .. ':' .. carrier) end
  return pools
end

local function segments(cursorKey)
  if strategy == 'round-robin' then
    local cursor = redis.call('GET', cursorKey) or '-inf'
    if cursor == '-inf' then return { { '-inf', '+inf' } } end
    return { { '(' .. cursor, '+inf' }, { '-inf', cursor } }
  end
  return { { '-inf', '+inf' } }
end

local function pick(job, pools)
  if not windowsKnown() then return nil end
  local leaving = {}
  local function leavePools(id, country, carrier)
    for _, p in ipairs(poolsOf(country, carrier)) do table.insert(leaving, { p, id }) end
  end
  local function applyLeaving()
    for _, entry in ipairs(leaving) do redis.call('ZREM', entry[1], entry[2]) end
  end

  local function try(pool, cursorKey, id)
    if job.excluded[id] then return nil end
    local device = prefix .. 'device:' .. id
    local d = redis.call('HMGET', device, 'gw', 'owner', 'quota', 'coolUntil', 'country', 'carrier', 'eligible')
    if not d[1] or d[7] ~= '1' then
      if d[5] then leavePools(id, d[5], d[6]) else table.insert(leaving, { pool, id }) end
      return nil
    end
    if (tonumber(d[4]) or 0) > now then return nil end
    if redis.call('SCARD', prefix .. 'device-leases:' .. id) >= maxInFlight then return nil end
    local quota = tonumber(d[3]) or defaultQuota
    local windowKey = prefix .. 'quota:' .. id
    local used = usedInWindow(windowKey)
    if used >= quota then
      leavePools(id, d[5], d[6])
      awaitCapacity(id, windowKey, used, quota)
      return nil
    end
    used = reserveUnit(windowKey, job.leaseId)
    if used >= quota then
      leavePools(id, d[5], d[6])
      awaitCapacity(id, windowKey, used, quota)
    end
    if strategy == 'round-robin' then
      redis.call('SET', cursorKey, redis.call('ZSCORE', pool, id))
    elseif strategy == 'least-recently-used' then
      redis.call('HSET', device, 'rank', now)
      for _, p in ipairs(poolsOf(d[5], d[6])) do redis.call('ZADD', p, 'XX', now, id) end
    end
    redis.call('HSET', job.lease, 'messageId', job.messageId, 'deviceId', id, 'ownerId', d[2], 'attempt', job.attempt,
      'state', 'pushed', 'pool', pool, 'leasedAt', now, 'organizationId', job.organizationId,
      'origin', job.origin or 'api', 'gw', d[1])
    redis.call('EXPIRE', job.lease, 172800)
    redis.call('ZADD', job.deadlines, job.deadline, job.leaseId)
    redis.call('SADD', prefix .. 'device-leases:' .. id, job.leaseId)
    redis.call('SADD', job.tried, id)
    redis.call('EXPIRE', job.tried, 172800)
    return { id, d[1], d[2], pool }
  end

  if job.only then
    for _, entry in ipairs(pools) do
      if redis.call('ZSCORE', entry.pool, job.only) then
        local picked = try(entry.pool, entry.cursor, job.only)
        applyLeaving()
        return picked
      end
    end
    return nil
  end

  for _, entry in ipairs(pools) do
    for _, segment in ipairs(segments(entry.cursor)) do
      local offset = 0
      while true do
        local ids = redis.call('ZRANGEBYSCORE', entry.pool, segment[1], segment[2], 'LIMIT', offset, 64)
        if #ids == 0 then break end
        for _, id in ipairs(ids) do
          local picked = try(entry.pool, entry.cursor, id)
          if picked then
            applyLeaving()
            return picked
          end
        end
        offset = offset + #ids
      end
    end
  end
  applyLeaving()
  return nil
end
`;

/**
 * Picks a phone for one message and leases it, atomically: the first pool (carrier, then country)
 * with an eligible phone wins (see PICK_FUNCTIONS).
 *
 * KEYS: the deadlines, the lease, the message, the message's tried phones, its cancel marker, then
 *       each pool to try, in order, followed by its round-robin cursor. The phones' own keys (record, open leases, quota window,
 *       the pools they are in) are found while scanning, so they cannot be passed in: they are built
 *       from the prefix, which holds a hash tag (see PoolStore) so that on Redis Cluster every
 *       pool-dispatcher key lives in the slot of the declared ones.
 * ARGV: prefix, now (ms), quota window (ms), strategy, defaultQuota, leaseId, messageId, attempt, deadline (ms),
 *       organizationId, origin, the request to claim the message with ('' if already claimed), max in flight,
 *       excluded count, excluded ids..., the only phone that may take it ('' for any: with one, the
 *       pools are that phone's own, not the KEYS given)
 * Returns {deviceId, gatewayInstanceId, ownerId, poolKey}, nil (no phone), {'duplicate'} when the
 * message was claimed before (a redelivered request) or {'canceled'}: the claim and the cancel check
 * ride along to save round trips.
 */
export const PICK_DEVICE = new LuaScript({
  name: 'pick-device',
  keys: ['deadlines', 'lease', 'message', 'tried', 'canceled'],
  more: 'pools, each followed by its cursor',
  source: `
local prefix = ARGV[1]
local now = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local strategy = ARGV[4]
local defaultQuota = tonumber(ARGV[5])
local maxInFlight = tonumber(ARGV[13])
${PICK_FUNCTIONS}
local excluded = {}
for i = 1, tonumber(ARGV[14]) do excluded[ARGV[14 + i]] = true end
if redis.call('EXISTS', KEYS[5]) == 1 then return { 'canceled' } end
local claim = ARGV[12]
if claim ~= '' then
  if redis.call('HSETNX', KEYS[3], 'request', claim) == 0 then return { 'duplicate' } end
  redis.call('EXPIRE', KEYS[3], 172800)
end
local pools = {}
local only = ARGV[15 + tonumber(ARGV[14])] or ''
if only ~= '' then
  local home = redis.call('HMGET', prefix .. 'device:' .. only, 'country', 'carrier')
  if home[1] then
    for _, pool in ipairs(poolsOf(home[1], home[2])) do table.insert(pools, { pool = pool, cursor = pool .. ':cursor' }) end
  end
else
  for index = 6, #KEYS, 2 do table.insert(pools, { pool = KEYS[index], cursor = KEYS[index + 1] }) end
end
return pick({ lease = KEYS[2], leaseId = ARGV[6], messageId = ARGV[7], attempt = ARGV[8], deadline = ARGV[9],
  organizationId = ARGV[10], origin = ARGV[11], tried = KEYS[4], deadlines = KEYS[1], excluded = excluded,
  only = only ~= '' and only or nil }, pools)
`,
});
