import { ProviderSenderErrorCode } from '@zagel/contracts';

/** What the provider-sender's admin and report use cases throw: the bus passes `code` and `details` to the caller. */
export class ProviderSenderError extends Error {
  constructor(
    readonly code: ProviderSenderErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ProviderSenderError';
  }
}
