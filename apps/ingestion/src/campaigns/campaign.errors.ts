import { CampaignErrorCode, ServiceError } from '@zagel/contracts';

/** What the campaign use cases throw: a whole-file fault, or a refused lifecycle step. */
export class CampaignError extends ServiceError<CampaignErrorCode> {}
