import { LuaScript } from '@zagel/redis';
import { QUOTA_WINDOW_FUNCTIONS } from './quota-window.lua';

/**
 * Puts a phone into its pools, or takes it out, from what its Redis record says now: in when it
 * is connected, not paused, not quarantined and has quota left in its 24-hour window. The pick
 * script re-checks every condition, so a race between this and a pick costs at most one skipped
 * phone. A phone that is eligible but out of quota is listed with the time its window frees a unit
 * (see QUOTA_WINDOW_FUNCTIONS); any other is taken off that list.
 *
 * KEYS: the device record, its quota window. Its pools depend on the country and carrier in its
 * record, so they are built from the prefix (one hash slot with the keys passed in: see PoolStore).
 * ARGV: prefix, default quota, device id, old carrier ('' if none), now (ms), quota window (ms).
 * Returns 1 if the phone is in its pools afterwards.
 */
export const SYNC_MEMBERSHIP = new LuaScript({
  name: 'sync-membership',
  keys: ['device', 'quota window'],
  source: `
local prefix, defaultQuota, id, oldCarrier = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local now, window = tonumber(ARGV[5]), tonumber(ARGV[6])
${QUOTA_WINDOW_FUNCTIONS}
local d = redis.call('HMGET', KEYS[1], 'gw', 'paused', 'quarantined', 'quota', 'country', 'carrier', 'rank')
if not d[5] then
  redis.call('ZREM', prefix .. 'quota-frees', id)
  return 0
end
if oldCarrier ~= '' and oldCarrier ~= d[6] then
  redis.call('ZREM', prefix .. 'pool:' .. d[5] .. ':' .. oldCarrier, id)
end
local pools = { prefix .. 'pool:' .. d[5] }
if d[6] and d[6] ~= '' then table.insert(pools, prefix .. 'pool:' .. d[5] .. ':' .. d[6]) end
local eligible = d[1] ~= false and d[2] ~= '1' and d[3] ~= '1'
redis.call('HSET', KEYS[1], 'eligible', eligible and '1' or '0')
local quota = tonumber(d[4]) or defaultQuota
local used = usedInWindow(KEYS[2])
if eligible and used < quota then
  redis.call('ZREM', prefix .. 'quota-frees', id)
  for _, pool in ipairs(pools) do redis.call('ZADD', pool, 'NX', tonumber(d[7]) or 0, id) end
  return 1
end
if eligible then awaitCapacity(id, KEYS[2], used, quota) else redis.call('ZREM', prefix .. 'quota-frees', id) end
for _, pool in ipairs(pools) do redis.call('ZREM', pool, id) end
return 0
`,
});
