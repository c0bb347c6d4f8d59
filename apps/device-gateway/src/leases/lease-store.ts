import { Injectable } from '@nestjs/common';
import { InjectRedis, LuaScript, RedisClient, RedisKeys } from '@zagel/redis';

/** How long the gateway remembers a lease after the push, so late `delivered` reports still relay. */
const LEASE_RECORD_SECONDS = 24 * 60 * 60;

export type Reservation = { outcome: 'reserved' } | { outcome: 'full' } | { outcome: 'held'; leaseId: string };

/**
 * KEYS[1] in-flight set of the device (score: when the entry lapses), KEYS[2] the lease record.
 * Drops lapsed entries, then takes a slot unless the message is already held or the phone is full.
 */
const RESERVE_SCRIPT = new LuaScript({
  name: 'reserve-device-slot',
  keys: ['in-flight', 'lease'],
  source: `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local held = redis.call('HGET', KEYS[2], 'leaseId')
if held and redis.call('ZSCORE', KEYS[1], ARGV[5]) then return {'held', held} end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return {'full'} end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'leaseId', ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[6])
return {'reserved'}
`,
});

/** Marks a status reported (KEYS[2]) and frees the slot on sent/failed; returns the leaseId and whether it is new. */
const REPORT_SCRIPT = new LuaScript({
  name: 'report-device-status',
  keys: ['in-flight', 'lease'],
  source: `
local leaseId = redis.call('HGET', KEYS[2], 'leaseId')
if not leaseId then return {} end
local fresh = redis.call('HSETNX', KEYS[2], 'status:' .. ARGV[2], ARGV[3])
if ARGV[2] ~= 'delivered' then redis.call('ZREM', KEYS[1], ARGV[1]) end
return {leaseId, fresh}
`,
});

/**
 * What each phone holds: its in-flight messages (pushed, not yet reported sent or failed), capped
 * per phone, and the lease of every message pushed to it, so its reports can name the lease.
 * Kept in Redis: a phone that reconnects to another instance still reports against its leases.
 */
@Injectable()
export class LeaseStore {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** Takes one of the phone's `limit` slots for the message until `lapsesAt` (see holdUntil to move it). */
  async reserve(deviceId: string, messageId: string, leaseId: string, limit: number, lapsesAt: number): Promise<Reservation> {
    const reply = (await RESERVE_SCRIPT.run(this.redis, {
      keys: [this.inFlightKey(deviceId), this.leaseKey(deviceId, messageId)],
      args: [Date.now(), limit, lapsesAt, leaseId, messageId, LEASE_RECORD_SECONDS],
    })) as string[];
    if (reply[0] === 'held') return { outcome: 'held', leaseId: reply[1] };
    return reply[0] === 'full' ? { outcome: 'full' } : { outcome: 'reserved' };
  }

  /** Moves the lapse of a slot the message still holds (one that was freed stays free). */
  async holdUntil(deviceId: string, messageId: string, lapsesAt: number): Promise<void> {
    await this.redis.zAdd(this.inFlightKey(deviceId), { score: lapsesAt, value: messageId }, { condition: 'XX' });
  }

  /** The lease a status report is about and whether this status is new; undefined if the phone does not hold the message. */
  async report(deviceId: string, messageId: string, status: string, at: string): Promise<{ leaseId: string; fresh: boolean } | undefined> {
    const reply = (await REPORT_SCRIPT.run(this.redis, {
      keys: [this.inFlightKey(deviceId), this.leaseKey(deviceId, messageId)],
      args: [messageId, status, at],
    })) as [string, number] | [];
    return reply.length === 2 ? { leaseId: reply[0], fresh: reply[1] === 1 } : undefined;
  }

  /** Undoes `report` for a status that could not be relayed, so the phone's retry relays it. */
  async forgetStatus(deviceId: string, messageId: string, status: string): Promise<void> {
    await this.redis.hDel(this.leaseKey(deviceId, messageId), `status:${status}`);
  }

  /** The lease went back (refused, timed out, handed back): the phone no longer holds the message. */
  async release(deviceId: string, messageId: string): Promise<void> {
    await this.redis.multi().zRem(this.inFlightKey(deviceId), messageId).del(this.leaseKey(deviceId, messageId)).exec();
  }

  /** The messages the phone holds now, with their leases. */
  async inFlight(deviceId: string): Promise<{ messageId: string; leaseId: string }[]> {
    const messageIds = await this.redis.zRangeByScore(this.inFlightKey(deviceId), Date.now(), '+inf');
    const leases = await Promise.all(messageIds.map((messageId) => this.redis.hGet(this.leaseKey(deviceId, messageId), 'leaseId')));
    return messageIds.flatMap((messageId, index) => (leases[index] ? [{ messageId, leaseId: leases[index] }] : []));
  }

  private inFlightKey(deviceId: string): string {
    return this.keys.key('device-gateway', 'in-flight', deviceId);
  }

  private leaseKey(deviceId: string, messageId: string): string {
    return this.keys.key('device-gateway', 'lease', deviceId, messageId);
  }
}
