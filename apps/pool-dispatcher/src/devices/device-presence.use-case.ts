import { Injectable } from '@nestjs/common';
import { DeviceHeartbeatPayload, DevicePresencePayload, DisconnectDevice } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { LeaseOutcomesUseCase } from '../leases/lease-outcomes.use-case';
import { carrierKey } from '../pools/pool-identity';
import { PoolStore } from '../pools/pool-store';
import { routingRecordOf } from './device-row';
import { DevicesRepository } from './devices.repository';
import { PushDeviceConfigUseCase } from './push-device-config.use-case';

/** Phones connecting, leaving and reporting their SIM: what puts them into pools and takes them out. */
@Injectable()
export class DevicePresenceUseCase {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly pools: PoolStore,
    private readonly pushConfig: PushDeviceConfigUseCase,
    private readonly outcomes: LeaseOutcomesUseCase,
    private readonly bus: Bus,
  ) {}

  async online(event: DevicePresencePayload): Promise<void> {
    const row = await this.devices.byId(event.deviceId);
    if (!row || row.owner_id !== event.ownerId) {
      // Deleted (or never ours) while its token was still valid: it has no place in any pool.
      await this.bus.send(DisconnectDevice, { service: 'device-gateway', instanceId: event.gatewayInstanceId }, { deviceId: event.deviceId, reason: 'deleted' });
      return;
    }
    const at = new Date(event.at);
    // The phone connected again since (here or to another instance), and that was recorded first.
    if (!(await this.pools.markOnline(row.id, event.gatewayInstanceId, at))) return;
    await this.pools.putDevice(routingRecordOf(row));
    await this.devices.touch(row.id, at);
    if (row.quarantined_at !== null) {
      // Out of every pool until an operator releases it: no reason to hold its socket open.
      await this.bus.send(DisconnectDevice, { service: 'device-gateway', instanceId: event.gatewayInstanceId }, { deviceId: row.id, reason: 'quarantined' });
      return;
    }
    await this.pushConfig.execute(row);
  }

  async offline(event: DevicePresencePayload): Promise<void> {
    const wentOffline = await this.pools.markOffline(event.deviceId, event.gatewayInstanceId, new Date(event.at));
    if (!wentOffline) return;
    await this.devices.touch(event.deviceId, new Date(event.at));
    await this.outcomes.deviceWentOffline(event.deviceId);
  }

  async heartbeat(event: DeviceHeartbeatPayload): Promise<void> {
    const before = await this.devices.byId(event.deviceId);
    if (!before) return;
    const simCarrier = event.carrier ? carrierKey(event.carrier.name) : null;
    await this.devices.recordHeartbeat(event.deviceId, {
      at: new Date(event.at),
      battery: event.battery,
      signal: event.signal,
      carrier: simCarrier,
      mcc: event.carrier?.mcc,
      mnc: event.carrier?.mnc,
    });
    if (simCarrier && simCarrier !== before.carrier) {
      const after = await this.devices.byId(event.deviceId);
      if (after) await this.pools.putDevice(routingRecordOf(after), before.carrier);
    }
  }
}
