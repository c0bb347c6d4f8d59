import { BillingErrorCode, ServiceError } from '@zagel/contracts';

/** What every billing use case throws. */
export class BillingError extends ServiceError<BillingErrorCode> {}
