/**
 * What every billing use case throws: the bus sends `code` and `details` to the caller as an
 * RpcRemoteError, and the gateway maps the code to an HTTP problem.
 */
export class BillingError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'BillingError';
  }
}
