import { Injectable } from '@nestjs/common';
import {
  ConfigureDevice,
  DeletedDevice,
  DeleteDeviceRequest,
  DeviceErrorCode,
  DevicePage,
  DeviceView,
  DisconnectDevice,
  ListDevicesRequest,
  RevokeDeviceToken,
  RpcContract,
  UpdateDeviceRequest,
} from '@zagel/contracts';
import { Bus, BusClient, InjectBusClient, RpcRemoteError } from '@zagel/messaging';
import { PoolDispatcherConfig } from '../config';
import { LeaseOutcomesUseCase } from '../leases/lease-outcomes.use-case';
import { PoolStore } from '../pools/pool-store';
import { DeviceRow, routingRecordOf } from './device-row';
import { DeviceViews } from './device-views';
import { DeviceError } from './devices.errors';
import { DevicesRepository } from './devices.repository';

const DEFAULT_PAGE = 50;

/** An owner's own phones: list, change settings, delete. Another owner's phone is simply not found. */
@Injectable()
export class ManageDevicesUseCase {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly views: DeviceViews,
    private readonly pools: PoolStore,
    private readonly bus: Bus,
    @InjectBusClient('auth') private readonly auth: BusClient,
    private readonly settings: PoolDispatcherConfig,
    private readonly outcomes: LeaseOutcomesUseCase,
  ) {}

  async list(request: ListDevicesRequest): Promise<DevicePage> {
    const limit = request.limit ?? DEFAULT_PAGE;
    const rows = await this.devices.page({ ownerId: request.ownerId }, cursorOf(request.cursor), limit + 1);
    const { views } = await this.views.of(rows.slice(0, limit));
    return { items: views, ...(rows.length > limit && { nextCursor: rows[limit - 1].id }) };
  }

  async update(request: UpdateDeviceRequest): Promise<DeviceView> {
    const row = await this.owned(request.ownerId, request.deviceId);
    await this.devices.updateSettings(row.id, request);
    const updated = (await this.devices.byId(row.id)) as DeviceRow;
    await this.pools.putDevice(routingRecordOf(updated));
    await this.configure(updated);
    const { views } = await this.views.of([updated]);
    return views[0];
  }

  async delete(request: DeleteDeviceRequest): Promise<DeletedDevice> {
    const row = await this.owned(request.ownerId, request.deviceId);
    const gatewayInstanceId = await this.pools.gatewayOf(row.id);
    await this.pools.forget(row.id);
    // Forgetting its presence makes the gateway's later device.offline a no-op: the messages the
    // phone holds move on now, not at their deadlines.
    await this.outcomes.deviceDeleted(row.id);
    await this.devices.delete(row.id);
    await this.bestEffortRpc(RevokeDeviceToken, { deviceId: row.id });
    if (gatewayInstanceId) {
      await this.bus.send(DisconnectDevice, { service: 'device-gateway', instanceId: gatewayInstanceId }, { deviceId: row.id, reason: 'deleted' });
    }
    return { id: row.id };
  }

  /** Tells the phone's gateway its current quota and pause state (sent on connect and on change). */
  async configure(row: DeviceRow): Promise<void> {
    const gatewayInstanceId = await this.pools.gatewayOf(row.id);
    if (!gatewayInstanceId) return;
    await this.bus.send(
      ConfigureDevice,
      { service: 'device-gateway', instanceId: gatewayInstanceId },
      { deviceId: row.id, dailyQuota: row.daily_quota ?? this.settings.DEVICE_DEFAULT_DAILY_QUOTA, paused: row.paused },
    );
  }

  private async owned(ownerId: string, deviceId: string): Promise<DeviceRow> {
    const row = await this.devices.ownedBy(ownerId, deviceId);
    if (!row) throw new DeviceError(DeviceErrorCode.DeviceNotFound, 'No such device.');
    return row;
  }

  /** A token already revoked (or never issued) is no reason to keep a deleted phone. */
  private async bestEffortRpc<Req extends object, Res extends object>(contract: RpcContract<Req, Res>, payload: Req): Promise<void> {
    try {
      await this.auth.call(contract, payload);
    } catch (error) {
      if (!(error instanceof RpcRemoteError && error.code === 'not_found')) throw error;
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor that is not a device id starts from the beginning rather than failing the query. */
export function cursorOf(cursor: string | undefined): string | undefined {
  return cursor && UUID.test(cursor) ? cursor : undefined;
}
