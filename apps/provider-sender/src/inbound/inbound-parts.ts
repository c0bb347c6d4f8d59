import { Injectable } from '@nestjs/common';
import { InjectRedis, LuaScript, RedisClient, RedisKeys } from '@zagel/redis';

/** Stores one part; returns every part's text in order once all `total` are in, else nothing. */
const ADD_PART = new LuaScript({
  name: 'inbound-part',
  keys: ['parts'],
  source: `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
local total = tonumber(ARGV[3])
if redis.call('HLEN', KEYS[1]) < total then return nil end
local texts = {}
for index = 1, total do
  local text = redis.call('HGET', KEYS[1], tostring(index))
  if not text then return nil end
  texts[index] = text
end
redis.call('DEL', KEYS[1])
return texts`,
});

/** How long the parts of a concatenated SMS wait for the rest (networks deliver them within seconds or minutes). */
const PARTS_TTL_MS = 60 * 60 * 1000;

/**
 * The parts of concatenated inbound SMS, collected in Redis so they join whichever instance receives each
 * part (webhooks are shared between instances, and a part acknowledged to the provider must survive a restart).
 * A completed message's parts are forgotten at once: senders reuse references (8 bits), so a later message
 * with the same reference starts afresh.
 */
@Injectable()
export class InboundParts {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** The whole text once every part is in, else undefined. */
  async add(group: string, part: { total: number; index: number }, text: string): Promise<string | undefined> {
    const texts = await ADD_PART.run(this.redis, {
      keys: [this.keys.key('provider-sender', 'inbound-parts', group)],
      args: [part.index, text, part.total, PARTS_TTL_MS],
    });
    return Array.isArray(texts) ? texts.map(String).join('') : undefined;
  }
}
