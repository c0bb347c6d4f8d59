import { Injectable } from '@nestjs/common';
import { InjectRedis, LuaScript, RedisClient, RedisKeys } from '@zagel/redis';
import { DeviceGatewayConfig } from '../config';

export interface DeviceLocation {
  instanceId: string;
  socketId: string;
  ownerId: string;
  lastHeartbeatAt: string;
}

/** Takes the device's presence for this socket; returns the holder it replaced (instance, socket), if any. */
const CLAIM_SCRIPT = new LuaScript({
  name: 'claim-presence',
  keys: ['presence'],
  source: `
local previous = redis.call('HMGET', KEYS[1], 'instanceId', 'socketId')
redis.call('HSET', KEYS[1], 'instanceId', ARGV[1], 'socketId', ARGV[2], 'ownerId', ARGV[3], 'lastHeartbeatAt', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
if previous[1] then return previous end
return {}
`,
});

/**
 * Refreshes the presence only while this socket still holds it: 1. 0 if another socket holds it;
 * -1 if nobody does (Redis lost it, or it lapsed): then this socket takes it again.
 */
const REFRESH_SCRIPT = new LuaScript({
  name: 'refresh-presence',
  keys: ['presence'],
  source: `
local holder = redis.call('HGET', KEYS[1], 'socketId')
if holder and holder ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'lastHeartbeatAt', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
if holder then return 1 end
redis.call('HSET', KEYS[1], 'instanceId', ARGV[4], 'socketId', ARGV[1], 'ownerId', ARGV[5])
return -1
`,
});

/** Drops the presence unless another socket took it over; 1 when the device is now offline. */
const RELEASE_SCRIPT = new LuaScript({
  name: 'release-presence',
  keys: ['presence'],
  source: `
local holder = redis.call('HGET', KEYS[1], 'socketId')
if not holder then return 1 end
if holder ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`,
});

/**
 * Where each phone is connected (gateway instance, socket id, last heartbeat), shared by every
 * instance through Redis. The entry expires unless heartbeats refresh it, so a crashed instance's
 * phones stop looking online.
 */
@Injectable()
export class DevicePresenceStore {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly settings: DeviceGatewayConfig,
  ) {}

  async claim(deviceId: string, holder: Omit<DeviceLocation, 'lastHeartbeatAt'>, at: Date): Promise<{ instanceId: string; socketId: string } | undefined> {
    const previous = (await CLAIM_SCRIPT.run(this.redis, {
      keys: [this.key(deviceId)],
      args: [holder.instanceId, holder.socketId, holder.ownerId, at.toISOString(), this.settings.DEVICE_PRESENCE_TTL_SECONDS],
    })) as (string | null)[];
    const [instanceId, socketId] = previous;
    return instanceId && socketId ? { instanceId, socketId } : undefined;
  }

  /**
   * `refreshed`; `elsewhere` if another socket holds the presence; `retaken` if nobody held it (Redis
   * lost it, or it lapsed between heartbeats) and this socket took it again: the rest of the
   * platform must hear that the phone is online.
   */
  async refresh(deviceId: string, holder: Omit<DeviceLocation, 'lastHeartbeatAt'>, at: Date): Promise<'refreshed' | 'elsewhere' | 'retaken'> {
    const reply = await REFRESH_SCRIPT.run(this.redis, {
      keys: [this.key(deviceId)],
      args: [holder.socketId, at.toISOString(), this.settings.DEVICE_PRESENCE_TTL_SECONDS, holder.instanceId, holder.ownerId],
    });
    return reply === 1 ? 'refreshed' : reply === 0 ? 'elsewhere' : 'retaken';
  }

  async release(deviceId: string, socketId: string): Promise<boolean> {
    return (await RELEASE_SCRIPT.run(this.redis, { keys: [this.key(deviceId)], args: [socketId] })) === 1;
  }

  async locate(deviceId: string): Promise<DeviceLocation | undefined> {
    const entry = await this.redis.hGetAll(this.key(deviceId));
    return entry.socketId ? (entry as unknown as DeviceLocation) : undefined;
  }

  private key(deviceId: string): string {
    return this.keys.key('device-gateway', 'presence', deviceId);
  }
}
