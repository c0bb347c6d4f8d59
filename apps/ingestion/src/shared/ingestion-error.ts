import { IngestionErrorCode } from '@zagel/contracts';

/**
 * What every ingestion use case throws: the bus sends `code` and `details` to the caller as an
 * RpcRemoteError, and the gateway maps the code to an HTTP problem.
 */
export class IngestionError extends Error {
  constructor(
    readonly code: IngestionErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'IngestionError';
  }
}
