import { LuaScript } from '@zagel/redis';

/**
 * Records that a phone connected to a device-gateway instance (`online`) or that the connection
 * ended (`offline`). Reports of one phone come from different instances and consumers, so they
 * arrive in any order: a connection older than the phone's current one (`connectedAt`) never
 * replaces it, and only the current connection can end, by a report later than the last one. An
 * online older than a recorded end still counts: the end's time is when an instance noticed it,
 * on its own clock, and a phone may connect elsewhere just before.
 *
 * KEYS: the device record, the set of online phones.
 * ARGV: `online` or `offline`, gateway instance id, when (ms, the gateway's clock), device id.
 * Returns 1 if the report changed the phone's presence, 0 if it is about an older connection.
 */
export const RECORD_PRESENCE = new LuaScript({
  name: 'record-presence',
  keys: ['device', 'online'],
  source: `
local kind, gateway, at, id = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local current = redis.call('HMGET', KEYS[1], 'gw', 'presenceAt', 'connectedAt')
if kind == 'online' then
  if current[3] and tonumber(current[3]) > at then return 0 end
  redis.call('HSET', KEYS[1], 'gw', gateway, 'presenceAt', ARGV[3], 'connectedAt', ARGV[3])
  redis.call('SADD', KEYS[2], id)
  return 1
end
if current[1] ~= gateway or (current[2] and tonumber(current[2]) > at) then return 0 end
redis.call('HDEL', KEYS[1], 'gw')
redis.call('HSET', KEYS[1], 'presenceAt', ARGV[3])
redis.call('SREM', KEYS[2], id)
return 1
`,
});
