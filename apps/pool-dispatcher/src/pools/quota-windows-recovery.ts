import { setTimeout as delay } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { InjectRedis, LuaScript, RedisClient } from '@zagel/redis';
import { DeliveryAttemptsRepository } from '../leases/delivery-attempts.repository';
import { PoolStore } from './pool-store';
import { QUOTA_WINDOW_MS } from './quota-window.lua';

/**
 * Before reading the attempt rows, the rebuild waits this long: a lease reserved just before the
 * loss has its row written by a group commit right after its push, and that row must be counted.
 */
const SETTLE_MS = 1_000;
/** One instance rebuilds; if it dies, another takes over once its claim lapses. */
const CLAIM_MS = 60_000;
/** How often an instance waiting for another's rebuild looks whether it is done. */
const WAIT_MS = 100;
const PIPELINE = 500;

/** Marks the windows complete, only if this rebuild still holds its claim (Redis kept everything since it began). */
const COMPLETE_REBUILD = new LuaScript({
  name: 'complete-quota-rebuild',
  keys: ['claim', 'epoch'],
  source: `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('DEL', KEYS[1])
return 1
`,
});

/**
 * The quota windows survive the loss of Redis. Redis holds them (`quota:<device>`), and a marker,
 * `quota-epoch`, says they are complete: set by the rebuild, it is gone with everything else when
 * Redis is flushed, restarted without its data or failed over to an empty replica. While it is
 * missing the pick takes no phone (see PICK_FUNCTIONS), so no phone is given units it already spent;
 * one instance rebuilds every window from the attempt rows of the last 24 hours (PostgreSQL) and sets
 * the marker again. No restart is needed, and a rebuild that Redis loses halfway is not marked done.
 */
@Injectable()
export class QuotaWindowsRecovery {
  private readonly logger = new Logger(QuotaWindowsRecovery.name);

  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly pools: PoolStore,
    private readonly attempts: DeliveryAttemptsRepository,
  ) {}

  async windowsKnown(): Promise<boolean> {
    return (await this.redis.exists(this.pools.key('quota-epoch'))) === 1;
  }

  /**
   * Returns once the windows are complete: rebuilt here, or by another instance while this one
   * waited. True if this instance rebuilt them (its caller then files the online phones again).
   */
  async ensureWindows(): Promise<boolean> {
    while (!(await this.windowsKnown())) {
      const claim = uuidv7();
      const claimed = await this.redis.set(this.pools.key('quota-rebuild'), claim, { NX: true, PX: CLAIM_MS });
      if (claimed !== 'OK') {
        await delay(WAIT_MS);
        continue;
      }
      if (await this.rebuild(claim)) return true;
    }
    return false;
  }

  private async rebuild(claim: string): Promise<boolean> {
    const started = Date.now();
    await delay(SETTLE_MS);
    let units = 0;
    const phones = new Set<string>();
    for await (const reservations of this.attempts.reservationsSince(new Date(Date.now() - QUOTA_WINDOW_MS))) {
      for (let from = 0; from < reservations.length; from += PIPELINE) {
        const slice = reservations.slice(from, from + PIPELINE);
        const multi = this.redis.multi();
        for (const { deviceId, leaseId, leasedAt } of slice) {
          multi.zAdd(this.pools.quotaWindowKey(deviceId), { score: leasedAt, value: leaseId });
          phones.add(deviceId);
        }
        // As a reservation does: no unit in it is younger than now, so none outlives the key.
        for (const deviceId of new Set(slice.map((unit) => unit.deviceId))) multi.pExpire(this.pools.quotaWindowKey(deviceId), QUOTA_WINDOW_MS);
        await multi.exec();
        units += slice.length;
      }
    }
    const epoch = JSON.stringify({ rebuiltAt: new Date().toISOString(), units });
    const completed = await COMPLETE_REBUILD.run(this.redis, { keys: [this.pools.key('quota-rebuild'), this.pools.key('quota-epoch')], args: [claim, epoch] });
    if (completed !== 1) {
      this.logger.warn('Redis lost the quota windows again while they were rebuilt: rebuilding once more');
      return false;
    }
    this.logger.log(`quota windows rebuilt from the database: ${units} units of ${phones.size} phones in ${Date.now() - started} ms`);
    return true;
  }
}
