import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateNested } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';
import { DeviceLeaseReturnedPayload, DeviceSendAckedPayload, DeviceSmsStatusPayload } from './device-reports.event';

/** The most reports of each kind one `device.reports` carries. */
export const MAX_DEVICE_REPORTS = 500;

/**
 * The phones' reports one device-gateway instance gathered over a few milliseconds, relayed to the
 * pool-dispatcher as one bus message instead of one each: each item is exactly the payload of
 * `device.send-acked`, `device.sms-status` or `device.lease-returned`, and means the same. The
 * consumer handles a lease's reports in their lifecycle order (ack, then statuses in order, then a
 * return) and different leases independently; every report is idempotent, so a redelivered batch
 * changes nothing twice.
 */
export class DeviceReportsPayload {
  @IsArray()
  @ArrayMaxSize(MAX_DEVICE_REPORTS)
  @ValidateNested({ each: true })
  @Type(() => DeviceSendAckedPayload)
  acks: DeviceSendAckedPayload[];

  @IsArray()
  @ArrayMaxSize(MAX_DEVICE_REPORTS)
  @ValidateNested({ each: true })
  @Type(() => DeviceSmsStatusPayload)
  statuses: DeviceSmsStatusPayload[];

  @IsArray()
  @ArrayMaxSize(MAX_DEVICE_REPORTS)
  @ValidateNested({ each: true })
  @Type(() => DeviceLeaseReturnedPayload)
  returns: DeviceLeaseReturnedPayload[];
}

export const DeviceReports = defineEvent(EventType.DeviceReports, 1, DeviceReportsPayload);
