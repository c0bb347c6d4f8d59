import { IngestionErrorCode } from '@zagel/contracts';
import { exposeRemoteErrors } from '../problem-details/rpc-error-problems';

/** The ingestion service's error codes as HTTP statuses, and the details a client may see. */
exposeRemoteErrors(
  {
    [IngestionErrorCode.InvalidPhoneNumber]: 422,
    [IngestionErrorCode.CannotReceiveSms]: 422,
    [IngestionErrorCode.OptedOut]: 422,
    [IngestionErrorCode.InsufficientFunds]: 402,
    [IngestionErrorCode.MissingContent]: 422,
    [IngestionErrorCode.MissingVariables]: 422,
    [IngestionErrorCode.TemplateNotFound]: 404,
    [IngestionErrorCode.MessageNotFound]: 404,
    [IngestionErrorCode.NotCancelable]: 409,
    [IngestionErrorCode.InvalidSchedule]: 422,
    [IngestionErrorCode.WebhookTargetNotAllowed]: 422,
    [IngestionErrorCode.BillingUnavailable]: 503,
    [IngestionErrorCode.BillingRefused]: 422,
    [IngestionErrorCode.BodyTooLong]: 422,
    [IngestionErrorCode.OptOutNotFound]: 404,
    [IngestionErrorCode.InvalidTemplate]: 422,
    [IngestionErrorCode.InvalidMessage]: 422,
  },
  ['problem', 'missing', 'shortfall', 'available', 'currency', 'status'],
);
