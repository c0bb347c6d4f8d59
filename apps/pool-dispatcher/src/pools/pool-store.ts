import { Injectable } from '@nestjs/common';
import { MessageOrigin } from '@zagel/contracts';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { DispatchStrategy, PoolDispatcherConfig } from '../config';
import { PICK_DEVICE } from './pick-device.lua';
import { PICK_DEVICES_BATCH } from './pick-devices-batch.lua';
import { QUOTA_WINDOW_MS } from './quota-window.lua';
import { RECORD_PRESENCE } from './record-presence.lua';
import { SYNC_MEMBERSHIP } from './sync-membership.lua';

/** What the hot path needs to know about a phone, mirrored from the devices table into Redis. */
export interface DeviceRoutingRecord {
  deviceId: string;
  ownerId: string;
  country: string;
  carrier: string | null;
  dailyQuota: number | null;
  paused: boolean;
  quarantined: boolean;
  /** Not yet proven to hold its number: never in a pool. Absent: proven. */
  unverified?: boolean;
  /** Position in fill-first and round-robin order: registration time. */
  order: number;
}

export interface LeaseRequest {
  leaseId: string;
  messageId: string;
  organizationId: string;
  origin: MessageOrigin;
  attempt: number;
  deadline: number;
  excluded: readonly string[];
  /** The request, to claim a new message in the same step (see MessageState.claim). */
  claim?: string;
  /** Only this phone may take it (in its own pools, whatever `pools` says): a pinned answer. */
  only?: string;
}

export interface PickedDevice {
  deviceId: string;
  gatewayInstanceId: string;
  ownerId: string;
  pool: string;
}

/** One recipient of a bulk batch, as the batch pick sees it. */
export interface BatchPickRequest {
  messageId: string;
  leaseId: string;
  /** The request to claim it with; absent: it may not go to a phone (only checked for a cancel). */
  claim?: string;
  pools: readonly { country: string; carrier: string | null }[];
}

/** What became of one recipient in the batch pick (see PICK_DEVICES_BATCH). */
export type BatchPick =
  | { kind: 'canceled' | 'providers' | 'none' | 'fallback' | 'claimed' }
  | { kind: 'picked'; deviceId: string; gatewayInstanceId: string; ownerId: string }
  | { kind: 'leased'; leaseId: string; deviceId: string; ownerId: string; attempt: number; leasedAt: number };

/** Live state of one phone in Redis (presence, cool-down, quota used). */
export interface DeviceLiveState {
  online: boolean;
  gatewayInstanceId: string | null;
  coolingDownUntil: number | null;
  /** Units reserved in the last 24 hours (the API's `sentToday`). */
  sentToday: number;
  /** In its pools and pickable now (never while Redis's quota windows are being rebuilt). */
  inPool: boolean;
}

/**
 * Pools in Redis: one sorted set per (country, carrier) and per country, holding the phones that
 * can take a message now, scored by the strategy's order. The hot path is one script call.
 */
@Injectable()
export class PoolStore {
  private readonly prefix: string;
  private readonly strategy: DispatchStrategy;

  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    keys: RedisKeys,
    private readonly settings: PoolDispatcherConfig,
  ) {
    // The hash tag puts every key of the pools in one Redis Cluster slot: the scripts find a phone's
    // keys while they run, so they cannot all be passed in.
    this.prefix = `${keys.key('{pool-dispatcher}')}:`;
    this.strategy = settings.DISPATCH_STRATEGY;
  }

  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  poolKey(country: string, carrier: string | null): string {
    return carrier ? this.key('pool', country, carrier) : this.key('pool', country);
  }

  /**
   * Picks, reserves one unit of quota (of its last 24 hours) on and leases a phone from the first pool that has one; null
   * if none can take it, 'duplicate' if the message to claim was claimed before, 'canceled' if the
   * customer canceled it.
   */
  async pickAndLease(
    pools: { country: string; carrier: string | null }[],
    lease: LeaseRequest,
    now = Date.now(),
  ): Promise<PickedDevice | null | 'duplicate' | 'canceled'> {
    const poolKeys = pools.map((pool) => this.poolKey(pool.country, pool.carrier));
    const reply = (await PICK_DEVICE.run(this.redis, {
      keys: [
        this.key('deadlines'),
        this.key('lease', lease.leaseId),
        this.key('message', lease.messageId),
        this.key('message', lease.messageId, 'tried'),
        this.key('canceled', lease.messageId),
        ...poolKeys.flatMap((pool) => [pool, `${pool}:cursor`]),
      ],
      args: [
        this.prefix,
        now,
        QUOTA_WINDOW_MS,
        this.strategy,
        this.settings.DEVICE_DEFAULT_DAILY_QUOTA,
        lease.leaseId,
        lease.messageId,
        lease.attempt,
        lease.deadline,
        lease.organizationId,
        lease.origin,
        lease.claim ?? '',
        this.settings.DEVICE_MAX_IN_FLIGHT,
        lease.excluded.length,
        ...lease.excluded,
        lease.only ?? '',
      ],
    })) as string[] | null;
    if (!reply) return null;
    if (reply.length === 1) return reply[0] === 'canceled' ? 'canceled' : 'duplicate';
    const [deviceId, gatewayInstanceId, ownerId, pool] = reply;
    return { deviceId, gatewayInstanceId, ownerId, pool };
  }

  /** Claims, checks for a cancel and picks a phone for every recipient of a bulk slice, in one script call. */
  async pickBatch(
    recipients: readonly BatchPickRequest[],
    lease: { organizationId: string; deadline: number },
    now = Date.now(),
  ): Promise<BatchPick[]> {
    const args: (string | number)[] = [
      this.prefix,
      now,
      QUOTA_WINDOW_MS,
      this.strategy,
      this.settings.DEVICE_DEFAULT_DAILY_QUOTA,
      this.settings.DEVICE_MAX_IN_FLIGHT,
      lease.deadline,
      lease.organizationId,
      recipients.length,
    ];
    for (const recipient of recipients) {
      const pools = recipient.pools.map((pool) => this.poolKey(pool.country, pool.carrier));
      args.push(recipient.messageId, recipient.leaseId, recipient.claim ?? '', pools.length, ...pools);
    }
    const replies = (await PICK_DEVICES_BATCH.run(this.redis, { keys: [this.key('deadlines')], args })) as string[][];
    return replies.map((reply): BatchPick => {
      const [kind, ...rest] = reply;
      if (kind === 'picked') return { kind, deviceId: rest[0], gatewayInstanceId: rest[1], ownerId: rest[2] };
      if (kind === 'leased') {
        return { kind, leaseId: rest[0], deviceId: rest[1], ownerId: rest[2], attempt: Number(rest[3]), leasedAt: Number(rest[4]) };
      }
      return { kind: kind as 'canceled' | 'providers' | 'none' | 'fallback' | 'claimed' };
    });
  }

  /** Writes the phone's routing record (from the database) and re-files it in its pools. */
  async putDevice(record: DeviceRoutingRecord, previousCarrier: string | null = null, now = Date.now()): Promise<boolean> {
    const fields: Record<string, string> = {
      owner: record.ownerId,
      country: record.country,
      carrier: record.carrier ?? '',
      quota: String(record.dailyQuota ?? this.settings.DEVICE_DEFAULT_DAILY_QUOTA),
      paused: record.paused ? '1' : '0',
      quarantined: record.quarantined ? '1' : '0',
      unverified: record.unverified ? '1' : '0',
    };
    const device = this.key('device', record.deviceId);
    // least-recently-used keeps the last use as its rank; the others rank by registration.
    if (this.strategy === 'least-recently-used') await this.redis.hSetNX(device, 'rank', '0');
    else fields.rank = String(record.order);
    await this.redis.hSet(device, fields);
    return this.sync(record.deviceId, previousCarrier, now);
  }

  async sync(deviceId: string, previousCarrier: string | null = null, now = Date.now()): Promise<boolean> {
    const reply = await SYNC_MEMBERSHIP.run(this.redis, {
      keys: [this.key('device', deviceId), this.quotaWindowKey(deviceId)],
      args: [this.prefix, this.settings.DEVICE_DEFAULT_DAILY_QUOTA, deviceId, previousCarrier ?? '', now, QUOTA_WINDOW_MS],
    });
    return reply === 1;
  }

  /** The phone's reserved units of the last 24 hours: lease ids scored by when (see QUOTA_WINDOW_FUNCTIONS). */
  quotaWindowKey(deviceId: string): string {
    return this.key('quota', deviceId);
  }

  /** Phones out of quota whose window has freed a unit by `now`: to be filed again. */
  phonesRegainingQuota(now: number, limit: number): Promise<string[]> {
    return this.redis.zRangeByScore(this.key('quota-frees'), '-inf', now, { LIMIT: { offset: 0, count: limit } });
  }

  /** False, changing nothing, when a newer connection of the phone was recorded first. */
  async markOnline(deviceId: string, gatewayInstanceId: string, at: Date): Promise<boolean> {
    return this.recordPresence('online', deviceId, gatewayInstanceId, at);
  }

  /**
   * Marks the phone offline unless a newer connection (another gateway instance, or a later
   * `online`) has replaced the one this report is about. True if it went offline.
   */
  async markOffline(deviceId: string, gatewayInstanceId: string, at: Date): Promise<boolean> {
    if (!(await this.recordPresence('offline', deviceId, gatewayInstanceId, at))) return false;
    await this.sync(deviceId);
    return true;
  }

  private async recordPresence(kind: 'online' | 'offline', deviceId: string, gatewayInstanceId: string, at: Date): Promise<boolean> {
    const reply = await RECORD_PRESENCE.run(this.redis, {
      keys: [this.key('device', deviceId), this.key('online')],
      args: [kind, gatewayInstanceId, at.getTime(), deviceId],
    });
    return reply === 1;
  }

  async gatewayOf(deviceId: string): Promise<string | null> {
    return (await this.redis.hGet(this.key('device', deviceId), 'gw')) ?? null;
  }

  /** Out of every pool until `until` (ms). */
  async coolDown(deviceId: string, until: number): Promise<void> {
    const device = this.key('device', deviceId);
    // A phone deleted while its lease was open has no record left to mark.
    if (!(await this.redis.exists(device))) return;
    await this.redis.hSet(device, 'coolUntil', String(until));
    await this.sync(deviceId);
  }

  /** Gives back the unit this lease reserved, for a send that never left the phone. */
  async refundQuota(deviceId: string, leaseId: string): Promise<void> {
    await this.redis.zRem(this.quotaWindowKey(deviceId), leaseId);
  }

  async forget(deviceId: string): Promise<void> {
    const device = this.key('device', deviceId);
    const [country, carrier] = await this.redis.hmGet(device, ['country', 'carrier']);
    const multi = this.redis.multi().del([device, this.quotaWindowKey(deviceId)]).sRem(this.key('online'), deviceId).zRem(this.key('quota-frees'), deviceId);
    if (country) {
      multi.zRem(this.poolKey(country, null), deviceId);
      if (carrier) multi.zRem(this.poolKey(country, carrier), deviceId);
    }
    await multi.exec();
  }

  async onlineDevices(): Promise<string[]> {
    return this.redis.sMembers(this.key('online'));
  }

  async liveState(deviceIds: readonly string[], now = Date.now()): Promise<Map<string, DeviceLiveState>> {
    const result = new Map<string, DeviceLiveState>();
    if (deviceIds.length === 0) return result;
    const multi = this.redis.multi();
    for (const id of deviceIds) {
      multi.hmGet(this.key('device', id), ['gw', 'coolUntil', 'country', 'carrier']);
      multi.zCount(this.quotaWindowKey(id), `(${now - QUOTA_WINDOW_MS}`, '+inf');
    }
    // No phone can be taken while the quota windows are being rebuilt (see QuotaWindowsRecovery).
    multi.exists(this.key('quota-epoch'));
    const replies = (await multi.exec()) as unknown[];
    const windowsKnown = replies[deviceIds.length * 2] === 1;
    const membership = this.redis.multi();
    deviceIds.forEach((id, index) => {
      const [, , country] = replies[index * 2] as (string | null)[];
      membership.zScore(this.poolKey(country ?? '', null), id);
    });
    const scores = (await membership.exec()) as unknown[];
    deviceIds.forEach((id, index) => {
      const [gw, coolUntil] = replies[index * 2] as (string | null)[];
      const used = replies[index * 2 + 1] as number;
      const cooling = Number(coolUntil ?? 0);
      result.set(id, {
        online: Boolean(gw),
        gatewayInstanceId: gw ?? null,
        coolingDownUntil: cooling > now ? cooling : null,
        sentToday: Number(used),
        inPool: windowsKnown && scores[index] !== null && cooling <= now,
      });
    });
    return result;
  }
}
