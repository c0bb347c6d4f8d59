import { ProviderSenderErrorCode, ServiceError } from '@zagel/contracts';

/** What the provider-sender's admin and report use cases throw. */
export class ProviderSenderError extends ServiceError<ProviderSenderErrorCode> {}
