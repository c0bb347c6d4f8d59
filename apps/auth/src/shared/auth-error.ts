import { AuthErrorCode, ServiceError } from '@zagel/contracts';

/** What every auth use case throws. */
export class AuthError extends ServiceError<AuthErrorCode> {}
