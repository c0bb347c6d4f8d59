import { LuaScript } from '@zagel/redis';
import { PICK_FUNCTIONS } from './pick-device.lua';

/**
 * Decides a slice of a bulk batch in one call: for every recipient, whether it was canceled, and
 * for those that may go to a phone the claim (so a redelivered batch changes nothing twice) and
 * the pick (see PICK_FUNCTIONS). A claimed recipient remembers what became of it: the lease it got
 * (`lease`) or that no phone could take it (`fallback`), so a redelivery finds the same answer.
 *
 * KEYS: the deadlines. Every other key is built from the prefix, which holds the hash tag of the
 *       pool-dispatcher's keys (see PoolStore), as the single pick does for the phones' keys.
 * ARGV: prefix, now (ms), quota window (ms), strategy, defaultQuota, maxInFlight, deadline (ms), organizationId,
 *       recipient count, then per recipient: messageId, leaseId, the request to claim it with
 *       ('' = it may not go to a phone: only checked for a cancel), pool count, pool keys...
 * Returns per recipient one of: {'canceled'}, {'providers'} (not for phones), {'picked', deviceId,
 * gatewayInstanceId, ownerId}, {'none'} (claimed now, no phone), {'fallback'} (claimed before, no
 * phone then), {'leased', leaseId, deviceId, ownerId, attempt, leasedAt} (claimed before, with
 * that lease), {'claimed'} (claimed before by a single request).
 */
export const PICK_DEVICES_BATCH = new LuaScript({
  name: 'pick-devices-batch',
  keys: ['deadlines'],
  source: `
local prefix = ARGV[1]
local now = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local strategy = ARGV[4]
local defaultQuota = tonumber(ARGV[5])
local maxInFlight = tonumber(ARGV[6])
local deadline = ARGV[7]
local organizationId = ARGV[8]
${PICK_FUNCTIONS}
local replies = {}
local at = 10
for _ = 1, tonumber(ARGV[9]) do
  local messageId, leaseId, claim, poolCount = ARGV[at], ARGV[at + 1], ARGV[at + 2], tonumber(ARGV[at + 3])
  local pools = {}
  for i = 1, poolCount do
    local pool = ARGV[at + 3 + i]
    table.insert(pools, { pool = pool, cursor = pool .. ':cursor' })
  end
  at = at + 4 + poolCount
  local message = prefix .. 'message:' .. messageId
  if redis.call('EXISTS', prefix .. 'canceled:' .. messageId) == 1 then
    table.insert(replies, { 'canceled' })
  elseif claim == '' then
    table.insert(replies, { 'providers' })
  elseif redis.call('HSETNX', message, 'request', claim) == 0 then
    local known = redis.call('HMGET', message, 'lease', 'fallback')
    if known[1] then
      local l = redis.call('HMGET', prefix .. 'lease:' .. known[1], 'deviceId', 'ownerId', 'attempt', 'leasedAt')
      table.insert(replies, { 'leased', known[1], l[1] or '', l[2] or '', l[3] or '1', l[4] or tostring(now) })
    elseif known[2] then
      table.insert(replies, { 'fallback' })
    else
      table.insert(replies, { 'claimed' })
    end
  else
    redis.call('EXPIRE', message, 172800)
    local tried = message .. ':tried'
    local picked = pick({ lease = prefix .. 'lease:' .. leaseId, leaseId = leaseId, messageId = messageId, attempt = '1',
      deadline = deadline, organizationId = organizationId, tried = tried, deadlines = KEYS[1], excluded = {} }, pools)
    if picked then
      redis.call('HSET', message, 'lease', leaseId)
      table.insert(replies, { 'picked', picked[1], picked[2], picked[3] })
    else
      redis.call('HSET', message, 'fallback', '1')
      table.insert(replies, { 'none' })
    end
  end
end
return replies
`,
});
