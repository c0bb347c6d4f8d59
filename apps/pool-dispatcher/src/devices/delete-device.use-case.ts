import { Injectable } from '@nestjs/common';
import { DeletedDevice, DeleteDeviceRequest, DisconnectDevice, RevokeDeviceToken } from '@zagel/contracts';
import { Bus, BusClient, InjectBusClient, RpcRemoteError } from '@zagel/messaging';
import { LeaseOutcomesUseCase } from '../leases/lease-outcomes.use-case';
import { PoolStore } from '../pools/pool-store';
import { deviceNotFound } from './devices.errors';
import { DevicesRepository } from './devices.repository';

/** An owner deletes one of their phones: out of the pools, its messages moved on, its token revoked, its socket closed. */
@Injectable()
export class DeleteDeviceUseCase {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly pools: PoolStore,
    private readonly bus: Bus,
    @InjectBusClient('auth') private readonly auth: BusClient,
    private readonly outcomes: LeaseOutcomesUseCase,
  ) {}

  async execute(request: DeleteDeviceRequest): Promise<DeletedDevice> {
    const row = await this.devices.ownedBy(request.ownerId, request.deviceId);
    if (!row) throw deviceNotFound();
    const gatewayInstanceId = await this.pools.gatewayOf(row.id);
    await this.pools.forget(row.id);
    // Forgetting its presence makes the gateway's later device.offline a no-op: the messages the
    // phone holds move on now, not at their deadlines.
    await this.outcomes.deviceDeleted(row.id);
    await this.devices.delete(row.id);
    await this.revokeToken(row.id);
    if (gatewayInstanceId) {
      await this.bus.send(DisconnectDevice, { service: 'device-gateway', instanceId: gatewayInstanceId }, { deviceId: row.id, reason: 'deleted' });
    }
    return { id: row.id };
  }

  /** A token already revoked (or never issued) is no reason to keep a deleted phone. */
  private async revokeToken(deviceId: string): Promise<void> {
    try {
      await this.auth.call(RevokeDeviceToken, { deviceId });
    } catch (error) {
      if (!(error instanceof RpcRemoteError && error.code === 'not_found')) throw error;
    }
  }
}
