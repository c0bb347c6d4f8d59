import { AuthErrorCode } from '@zagel/contracts';

/**
 * What every auth use case throws: the bus sends `code` and `details` to the caller as an
 * RpcRemoteError, and the gateway maps the code to an HTTP problem.
 */
export abstract class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
