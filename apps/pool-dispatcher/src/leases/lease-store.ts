import { Injectable } from '@nestjs/common';
import { MessageOrigin } from '@zagel/contracts';
import { InjectRedis, RedisClient } from '@zagel/redis';
import { PoolStore } from '../pools/pool-store';
import { LeaseState } from './lease-states';
import { TRANSITION_LEASE } from './transition-lease.lua';

export interface Lease {
  leaseId: string;
  messageId: string;
  deviceId: string;
  ownerId: string;
  organizationId: string;
  /** Of the message's request: its status events carry it. */
  origin: MessageOrigin;
  attempt: number;
  leasedAt: number;
  /** When the phone accepted it, if it did. */
  ackedAt: number | null;
  /** When the phone reported it sent, if it did. */
  sentAt: number | null;
  /** The device-gateway instance the push went through (absent on leases written before it was kept). */
  gatewayInstanceId: string | null;
}

export interface LeaseMove {
  from: readonly LeaseState[];
  to: LeaseState;
  /** New deadline (ms); none means the lease no longer waits on a timer. */
  deadline?: number;
  /** Only if its deadline has passed by then (ms). */
  dueBy?: number;
  closes: boolean;
  /** A lease field stamped with now, e.g. `ackedAt`. */
  stamp: string;
}

/** A refused move shows the lease as it is (null if there is none). */
export type LeaseMoveResult =
  | { moved: true; previous: LeaseState; lease: Lease }
  | { moved: false; current: LeaseState; lease: Lease }
  | { moved: false; current: null; lease: null };

/** Leases in Redis: a hash per lease and one sorted set of deadlines that every instance polls. */
@Injectable()
export class LeaseStore {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly pools: PoolStore,
  ) {}

  async move(leaseId: string, deviceId: string, move: LeaseMove, now = Date.now()): Promise<LeaseMoveResult> {
    const reply = (await TRANSITION_LEASE.run(this.redis, {
      keys: [this.pools.key('lease', leaseId), this.pools.key('deadlines'), this.pools.key('device-leases', deviceId)],
      args: [leaseId, move.from.join(','), move.to, move.deadline ?? '', move.dueBy ?? '', move.closes ? '1' : '0', move.stamp, now],
    })) as string[];
    if (!reply[1]) return { moved: false, current: null, lease: null };
    const fields: Record<string, string> = {};
    for (let index = 2; index + 1 < reply.length; index += 2) fields[reply[index]] = reply[index + 1];
    const lease: Lease = {
      leaseId,
      messageId: fields.messageId,
      deviceId: fields.deviceId,
      ownerId: fields.ownerId,
      organizationId: fields.organizationId,
      // A lease written before leases carried the origin, or by a bulk batch: the API's.
      origin: fields.origin === 'otp' || fields.origin === 'system' ? fields.origin : 'api',
      attempt: Number(fields.attempt),
      leasedAt: Number(fields.leasedAt),
      ackedAt: fields.ackedAt ? Number(fields.ackedAt) : null,
      sentAt: fields.sentAt ? Number(fields.sentAt) : null,
      gatewayInstanceId: fields.gw || null,
    };
    const state = reply[1] as LeaseState;
    return reply[0] === 'ok' ? { moved: true, previous: state, lease } : { moved: false, current: state, lease };
  }

  /** Lease ids whose deadline has passed (claimed one by one with `move(..., dueBy)`). */
  due(now: number, limit: number): Promise<string[]> {
    return this.redis.zRangeByScore(this.pools.key('deadlines'), '-inf', now, { LIMIT: { offset: 0, count: limit } });
  }

  async stateOf(leaseId: string): Promise<LeaseState | null> {
    return ((await this.redis.hGet(this.pools.key('lease', leaseId), 'state')) as LeaseState | undefined) ?? null;
  }

  async dropDeadline(leaseId: string): Promise<void> {
    await this.redis.zRem(this.pools.key('deadlines'), leaseId);
  }

  async deviceOf(leaseId: string): Promise<string | null> {
    return (await this.redis.hGet(this.pools.key('lease', leaseId), 'deviceId')) ?? null;
  }

  openLeasesOf(deviceId: string): Promise<string[]> {
    return this.redis.sMembers(this.pools.key('device-leases', deviceId));
  }

  /** Open leases per device, for the operators' pool view. */
  async openLeaseCounts(deviceIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (deviceIds.length === 0) return counts;
    const multi = this.redis.multi();
    for (const id of deviceIds) multi.sCard(this.pools.key('device-leases', id));
    const replies = (await multi.exec()) as unknown[];
    deviceIds.forEach((id, index) => counts.set(id, Number(replies[index] ?? 0)));
    return counts;
  }
}
