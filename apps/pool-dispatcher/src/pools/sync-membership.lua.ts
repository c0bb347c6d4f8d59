import { LuaScript } from '@zagel/redis';

/**
 * Puts a phone into its pools, or takes it out, from what its Redis record says now: in when it
 * is connected, has proven its number, is not paused, not quarantined and has quota left today. The pick script re-checks
 * every condition, so a race between this and a pick costs at most one skipped phone.
 *
 * KEYS: the device record, its quota used today. Its pools depend on the country and carrier in its
 * record, so they are built from the prefix (one hash slot with the keys passed in: see PoolStore).
 * ARGV: prefix, default quota, device id, old carrier ('' if none).
 * Returns 1 if the phone is in its pools afterwards.
 */
export const SYNC_MEMBERSHIP = new LuaScript({
  name: 'sync-membership',
  keys: ['device', 'used today'],
  source: `
local prefix, defaultQuota, id, oldCarrier = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local d = redis.call('HMGET', KEYS[1], 'gw', 'paused', 'quarantined', 'quota', 'country', 'carrier', 'rank', 'unverified')
if not d[5] then return 0 end
if oldCarrier ~= '' and oldCarrier ~= d[6] then
  redis.call('ZREM', prefix .. 'pool:' .. d[5] .. ':' .. oldCarrier, id)
end
local pools = { prefix .. 'pool:' .. d[5] }
if d[6] and d[6] ~= '' then table.insert(pools, prefix .. 'pool:' .. d[5] .. ':' .. d[6]) end
local eligible = d[1] ~= false and d[2] ~= '1' and d[3] ~= '1' and d[8] ~= '1'
redis.call('HSET', KEYS[1], 'eligible', eligible and '1' or '0')
local quota = tonumber(d[4]) or defaultQuota
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
if eligible and used < quota then
  for _, pool in ipairs(pools) do redis.call('ZADD', pool, 'NX', tonumber(d[7]) or 0, id) end
  return 1
end
for _, pool in ipairs(pools) do redis.call('ZREM', pool, id) end
return 0
`,
});
