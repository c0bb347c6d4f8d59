import { DeviceErrorCode } from '@zagel/contracts';

/** What the device use cases throw: the bus hands `code` to the caller, the gateway maps it to HTTP. */
export class DeviceError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DeviceError';
  }
}
