import { DeviceErrorCode, ServiceError } from '@zagel/contracts';

/** What the device use cases throw. */
export class DeviceError extends ServiceError<DeviceErrorCode> {}

/** Another owner's phone is not found either. */
export function deviceNotFound(): DeviceError {
  return new DeviceError(DeviceErrorCode.DeviceNotFound, 'No such device.');
}
