import { IsDateString, IsString, IsUUID } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';

export class DevicePresencePayload {
  @IsUUID()
  deviceId: string;

  @IsUUID()
  ownerId: string;

  /** The device-gateway instance holding the socket (its command queue name). */
  @IsString()
  gatewayInstanceId: string;

  @IsDateString()
  at: string;
}

export const DeviceOnline = defineEvent(EventType.DeviceOnline, 1, DevicePresencePayload);
export const DeviceOffline = defineEvent(EventType.DeviceOffline, 1, DevicePresencePayload);
