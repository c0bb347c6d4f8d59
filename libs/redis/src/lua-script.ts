import { createHash } from 'node:crypto';
import { RedisClient } from './redis-client';

export interface LuaScriptDefinition {
  /** Names the script in errors. */
  name: string;
  /**
   * Every key the script touches, in KEYS order: the names of KEYS[1..n], plus `more` naming a
   * list of further keys after them (windows, pools, buckets), if it takes one. A script that
   * reads or writes a key it was not given cannot run on Redis Cluster.
   */
  keys: readonly string[];
  more?: string;
  source: string;
}

export interface LuaScriptCall {
  keys: readonly string[];
  args?: readonly (string | number)[];
}

/**
 * A Lua script defined once and run by its SHA (EVALSHA: one round trip, no script text on the
 * wire). Each connection loads it (SCRIPT LOAD) on first use; when Redis has forgotten it (a
 * restart, SCRIPT FLUSH) the call fails with NOSCRIPT, and the script is loaded again and the call
 * retried once.
 */
export class LuaScript {
  readonly sha: string;
  private readonly loaded = new WeakMap<RedisClient, Promise<void>>();

  constructor(private readonly definition: LuaScriptDefinition) {
    this.sha = createHash('sha1').update(definition.source).digest('hex');
  }

  async run(redis: RedisClient, call: LuaScriptCall): Promise<unknown> {
    this.checkKeys(call.keys);
    const options = { keys: [...call.keys], arguments: (call.args ?? []).map(String) };
    await this.load(redis);
    try {
      return await redis.evalSha(this.sha, options);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      await this.load(redis, true);
      return redis.evalSha(this.sha, options);
    }
  }

  private load(redis: RedisClient, again = false): Promise<void> {
    let loading = again ? undefined : this.loaded.get(redis);
    if (!loading) {
      loading = redis.scriptLoad(this.definition.source).then((sha) => {
        if (sha !== this.sha) throw new Error(`Redis loaded the script ${this.definition.name} as ${sha}, not ${this.sha}`);
      });
      const current = loading;
      // A failed load is not remembered: the next call loads again.
      current.catch(() => {
        if (this.loaded.get(redis) === current) this.loaded.delete(redis);
      });
      this.loaded.set(redis, current);
    }
    return loading;
  }

  private checkKeys(keys: readonly string[]): void {
    const declared = this.definition.keys.length;
    const fits = this.definition.more ? keys.length >= declared : keys.length === declared;
    if (!fits) {
      const expected = [...this.definition.keys, ...(this.definition.more ? [`...${this.definition.more}`] : [])].join(', ');
      throw new Error(`the script ${this.definition.name} takes the keys (${expected}), not ${keys.length} keys`);
    }
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
