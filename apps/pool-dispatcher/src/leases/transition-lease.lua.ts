import { LuaScript } from '@zagel/redis';

/**
 * Moves a lease from one of the allowed states to the next, atomically, so that of two instances
 * (or a report racing a deadline) exactly one wins. With `dueBy` set the move only happens if the
 * lease's deadline has passed: a deadline poller cannot time out a lease an ack just extended.
 *
 * KEYS: lease, deadlines, device's lease set.
 * ARGV: lease id, allowed states (comma list), new state, new deadline ('' = no deadline), dueBy ('' = any),
 *       closes ('1' = the lease is over), field to stamp with now, now.
 * Returns {'ok', previous state, field, value, ...} or {'refused', current state or '', field, value, ...}:
 * a refused move still shows the lease, so a redelivered report whose move was made before its
 * commit failed can finish the work (see LeaseOutcomesUseCase).
 */
export const TRANSITION_LEASE = new LuaScript({
  name: 'transition-lease',
  keys: ['lease', 'deadlines', 'device leases'],
  source: `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return { 'refused', '' } end
local function answer(outcome)
  local reply = { outcome, state }
  for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do table.insert(reply, v) end
  return reply
end
local allowed = false
for s in string.gmatch(ARGV[2], '[^,]+') do if s == state then allowed = true end end
if not allowed then return answer('refused') end
if ARGV[5] ~= '' then
  local deadline = redis.call('ZSCORE', KEYS[2], ARGV[1])
  if not deadline or tonumber(deadline) > tonumber(ARGV[5]) then return answer('refused') end
end
redis.call('HSET', KEYS[1], 'state', ARGV[3], ARGV[7], ARGV[8])
if ARGV[4] ~= '' then
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
else
  redis.call('ZREM', KEYS[2], ARGV[1])
end
if ARGV[6] == '1' then redis.call('SREM', KEYS[3], ARGV[1]) end
return answer('ok')
`,
});
