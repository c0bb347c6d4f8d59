import { IngestionErrorCode, ServiceError } from '@zagel/contracts';

/** What every ingestion use case throws. */
export class IngestionError extends ServiceError<IngestionErrorCode> {}
