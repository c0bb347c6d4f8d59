import { OtpErrorCode, ServiceError } from '@zagel/contracts';

/** What every otp use case throws. */
export class OtpError extends ServiceError<OtpErrorCode> {}
