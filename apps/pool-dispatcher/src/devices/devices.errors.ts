import { DeviceErrorCode, ServiceError } from '@zagel/contracts';

/** What the device use cases throw. */
export class DeviceError extends ServiceError<DeviceErrorCode> {}
