/**
 * What a service's use cases throw when they refuse a request: a stable `code` from the service's
 * code enum (next to its contracts, because the code crosses the bus and reaches clients), a
 * message for people, and `details` that are facts, not prose (a shortfall, a retry delay).
 *
 * Each service declares one class over its own enum (`class OtpError extends ServiceError<OtpErrorCode> {}`).
 * The bus answers an RPC that failed with such an error by its `code` and `details` (an
 * `RpcRemoteError` on the caller's side), and the gateway turns the code into an HTTP problem.
 */
export class ServiceError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
