import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { DeviceToServerEvents, ServerToDeviceEvents } from '@zagel/contracts';
import { deviceGatewayMetrics } from './device-gateway.metrics';
import { EventRateLimiter } from './event-rate-limiter';

export interface DeviceSocketData {
  deviceId: string;
  ownerId: string;
}

export type DeviceSocket = Socket<DeviceToServerEvents, ServerToDeviceEvents, Record<string, never>, DeviceSocketData>;

/** The room every socket of one device joins (server → phone notices go to the room). */
export const deviceRoom = (deviceId: string) => `device:${deviceId}`;

/** One phone connected to this instance, with the pushes it has not acked yet (messageId → leaseId). */
export class LiveDevice {
  readonly pendingAcks = new Map<string, string>();

  constructor(
    readonly socket: DeviceSocket,
    readonly deviceId: string,
    readonly ownerId: string,
    readonly limiter: EventRateLimiter,
  ) {}
}

/** The phones connected to this instance: one current socket per device. */
@Injectable()
export class LiveDevices {
  private readonly byDevice = new Map<string, LiveDevice>();

  /** Makes `device` the current connection of its phone; returns the one it replaces. */
  add(device: LiveDevice): LiveDevice | undefined {
    const previous = this.byDevice.get(device.deviceId);
    this.byDevice.set(device.deviceId, device);
    deviceGatewayMetrics.connectedDevices.set(this.byDevice.size);
    return previous;
  }

  get(deviceId: string): LiveDevice | undefined {
    return this.byDevice.get(deviceId);
  }

  /** Forgets `device` if it is still its phone's current connection. */
  remove(device: LiveDevice): boolean {
    if (this.byDevice.get(device.deviceId) !== device) return false;
    this.byDevice.delete(device.deviceId);
    deviceGatewayMetrics.connectedDevices.set(this.byDevice.size);
    return true;
  }

  all(): LiveDevice[] {
    return [...this.byDevice.values()];
  }
}
