import { OtpErrorCode } from '@zagel/contracts';

/**
 * What every otp use case throws: the bus sends `code` and `details` to the caller as an
 * RpcRemoteError, and the gateway maps the code to an HTTP problem.
 */
export class OtpError extends Error {
  constructor(
    readonly code: OtpErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'OtpError';
  }
}
