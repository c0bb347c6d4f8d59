import { Injectable } from '@nestjs/common';
import { Counter, register } from 'prom-client';
import { CircuitState } from '@zagel/contracts';
import { InjectRedis, LuaScript, RedisClient, RedisKeys } from '@zagel/redis';
import { ProviderSenderConfig } from '../config';

/**
 * Returns 1 (closed: go), 2 (half-open: this caller is the one probe), 0 (open: skip). An open circuit
 * becomes half-open when its cool-down ends and lets one probe through per cool-down.
 */
const ALLOW = new LuaScript({
  name: 'circuit-allows',
  keys: ['circuit'],
  source: `
local openUntil = tonumber(redis.call('HGET', KEYS[1], 'openUntil') or '0')
if openUntil == 0 then return 1 end
local now = tonumber(ARGV[1])
if now < openUntil then return 0 end
local probeUntil = tonumber(redis.call('HGET', KEYS[1], 'probeUntil') or '0')
if probeUntil > now then return 0 end
redis.call('HSET', KEYS[1], 'probeUntil', now + tonumber(ARGV[2]))
return 2`,
});

/**
 * Counts a consecutive failure; opens the circuit at the threshold (1), or again when a half-open probe
 * fails (2); else 0.
 */
const FAIL = new LuaScript({
  name: 'circuit-failure',
  keys: ['circuit'],
  source: `
local now = tonumber(ARGV[1])
local cooldown = tonumber(ARGV[2])
local openUntil = tonumber(redis.call('HGET', KEYS[1], 'openUntil') or '0')
if openUntil > 0 then
  if now >= openUntil then
    redis.call('HSET', KEYS[1], 'openUntil', now + cooldown)
    redis.call('HDEL', KEYS[1], 'probeUntil')
    return 2
  end
  return 0
end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if failures >= tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], 'openUntil', now + cooldown, 'failures', 0)
  return 1
end
return 0`,
});

/** Opened and re-opened circuits: while a provider stays down, every failed probe (one per cool-down) counts again. */
export const CIRCUIT_OPENED = 'zagel_provider_circuit_opened_total';
const circuitsOpened =
  (register.getSingleMetric(CIRCUIT_OPENED) as Counter<'provider'> | undefined) ??
  new Counter({ name: CIRCUIT_OPENED, help: 'Provider circuits opened (or re-opened by a failed probe), by account id', labelNames: ['provider'] });

/**
 * One circuit per provider account, shared by every instance through Redis: it opens after
 * PROVIDER_CIRCUIT_FAILURE_THRESHOLD consecutive transient failures, lets one probe through after the
 * cool-down (half-open), and closes on any success.
 */
@Injectable()
export class CircuitBreaker {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly settings: ProviderSenderConfig,
  ) {}

  /** Whether a message may go to this provider now (false: skip it). */
  async allows(providerId: string): Promise<boolean> {
    const verdict = await ALLOW.run(this.redis, {
      keys: [this.key(providerId)],
      args: [Date.now(), this.settings.PROVIDER_CIRCUIT_COOLDOWN_MS],
    });
    return Number(verdict) !== 0;
  }

  async recordSuccess(providerId: string): Promise<void> {
    await this.redis.del(this.key(providerId));
  }

  /** True when this failure opened the circuit (a failed half-open probe re-opens it: counted, not reported). */
  async recordFailure(providerId: string): Promise<boolean> {
    const opened = Number(
      await FAIL.run(this.redis, {
        keys: [this.key(providerId)],
        args: [Date.now(), this.settings.PROVIDER_CIRCUIT_COOLDOWN_MS, this.settings.PROVIDER_CIRCUIT_FAILURE_THRESHOLD],
      }),
    );
    if (opened !== 0) circuitsOpened.inc({ provider: providerId });
    return opened === 1;
  }

  async state(providerId: string): Promise<CircuitState> {
    const openUntil = Number((await this.redis.hGet(this.key(providerId), 'openUntil')) ?? 0);
    if (openUntil === 0) return 'closed';
    return Date.now() < openUntil ? 'open' : 'half_open';
  }

  async forget(providerId: string): Promise<void> {
    await this.redis.del(this.key(providerId));
  }

  private key(providerId: string): string {
    return this.keys.key('provider-sender', 'circuit', providerId);
  }
}
