import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdminDeviceDecisionRequest, DeviceBanned, DeviceView, DisconnectDevice, RevokeDeviceToken } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { BusClient, InjectBusClient, RpcRemoteError } from '@zagel/messaging';
import { DeviceRow, routingRecordOf } from '../devices/device-row';
import { deviceNotFound } from '../devices/devices.errors';
import { DevicesRepository } from '../devices/devices.repository';
import { IntegrityViews } from '../integrity/integrity-views';
import { PoolStore } from '../pools/pool-store';

/**
 * An operator bans a phone: out of every pool for good (the row stays, so its number cannot be
 * registered again), its token revoked through auth (the gateway closes its socket and refuses it),
 * and `device.banned` announced so billing forfeits its pending rewards. Banning twice changes nothing more.
 */
@Injectable()
export class AdminBanDeviceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly devices: DevicesRepository,
    private readonly pools: PoolStore,
    private readonly views: IntegrityViews,
    @InjectBusClient('auth') private readonly auth: BusClient,
  ) {}

  async execute(request: AdminDeviceDecisionRequest): Promise<DeviceView> {
    const row = await this.devices.byId(request.deviceId);
    if (!row) throw deviceNotFound();
    const gatewayInstanceId = await this.pools.gatewayOf(row.id);
    const banned = await this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE devices SET banned_at = coalesce(banned_at, now()), quarantined_at = coalesce(quarantined_at, now()) WHERE id = $1
         RETURNING *`,
        [row.id],
      )) as [DeviceRow[], number];
      const updated = rows[0];
      if (row.banned_at === null) {
        await Outbox.add(manager, DeviceBanned, { deviceId: row.id, ownerId: row.owner_id, bannedAt: updated.banned_at!.toISOString() });
        if (gatewayInstanceId) {
          await Outbox.add(manager, DisconnectDevice, { deviceId: row.id, reason: 'revoked' }, { target: { service: 'device-gateway', instanceId: gatewayInstanceId } });
        }
      }
      return updated;
    });
    await this.pools.putDevice(routingRecordOf(banned));
    await this.revokeToken(row.id);
    return (await this.views.of([banned]))[0];
  }

  /** A token already revoked (a second ban, a retried request) is what a ban wants. */
  private async revokeToken(deviceId: string): Promise<void> {
    try {
      await this.auth.call(RevokeDeviceToken, { deviceId });
    } catch (error) {
      if (!(error instanceof RpcRemoteError && error.code === 'not_found')) throw error;
    }
  }
}
