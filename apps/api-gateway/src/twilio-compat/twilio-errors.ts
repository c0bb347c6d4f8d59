import { TwilioErrorCode } from '@zagel/contracts';
import { Problem } from '../problem-details/problem';

/** An error as Twilio's API answers it: `{ code, message, more_info, status }`. */
export class TwilioError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'TwilioError';
  }

  document(): { code: number; message: string; more_info: string; status: number } {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.status };
  }
}

/** The facade's own refusals, each with Twilio's code for it. */
export const TwilioErrors = {
  toRequired: () => new TwilioError(400, TwilioErrorCode.ToRequired, "A 'To' phone number is required."),
  bodyRequired: () => new TwilioError(400, TwilioErrorCode.MessageBodyRequired, 'Message body is required.'),
  fromRequired: () => new TwilioError(400, TwilioErrorCode.FromOrServiceRequired, "A 'From' or 'MessagingServiceSid' parameter is required to send a message."),
  bodyTooLong: () => new TwilioError(400, TwilioErrorCode.BodyTooLong, 'The concatenated message body exceeds the 1600 character limit.'),
  invalidParameter: (name: string, why: string) => new TwilioError(400, TwilioErrorCode.InvalidParameter, `Invalid parameter '${name}': ${why}`),
  invalidVerifyParameter: (name: string) => new TwilioError(400, TwilioErrorCode.InvalidVerifyParameter, `Invalid parameter \`${name}\`.`),
  maxCheckAttempts: () => new TwilioError(429, TwilioErrorCode.MaxCheckAttemptsReached, 'Max check attempts reached'),
  notFound: (path: string) => new TwilioError(404, TwilioErrorCode.NotFound, `The requested resource ${path} was not found`),
};

/** Zagel's problem codes that have a Twilio error of their own; `verify` for the Verify API's. */
const MESSAGING_CODES: Record<string, number> = {
  invalid_phone_number: TwilioErrorCode.InvalidToNumber,
  cannot_receive_sms: TwilioErrorCode.NumberNotSmsCapable,
  opted_out: TwilioErrorCode.OptedOut,
  missing_content: TwilioErrorCode.MessageBodyRequired,
  body_too_long: TwilioErrorCode.BodyTooLong,
  webhook_target_not_allowed: TwilioErrorCode.InvalidStatusCallback,
  message_not_found: TwilioErrorCode.NotFound,
};

const VERIFY_CODES: Record<string, number> = {
  invalid_phone_number: TwilioErrorCode.InvalidVerifyParameter,
  landline_not_supported: TwilioErrorCode.LandlineNotSupported,
  verification_not_found: TwilioErrorCode.NotFound,
  verification_not_pending: TwilioErrorCode.NotFound,
  too_many_sends: TwilioErrorCode.MaxSendAttemptsReached,
  resend_cooldown: TwilioErrorCode.MaxSendAttemptsReached,
  velocity_limited: TwilioErrorCode.TooManyRequests,
};

function codeByStatus(status: number): number {
  if (status === 401) return TwilioErrorCode.Authenticate;
  if (status === 403) return TwilioErrorCode.Forbidden;
  if (status === 404) return TwilioErrorCode.NotFound;
  if (status === 429) return TwilioErrorCode.TooManyRequests;
  if (status === 503) return TwilioErrorCode.ServiceUnavailable;
  if (status >= 500) return TwilioErrorCode.InternalServerError;
  return TwilioErrorCode.InvalidParameter;
}

/**
 * A Zagel problem as Twilio would answer it. A refused credential is Twilio's 20003 with its
 * `WWW-Authenticate` challenge; a missing resource 404 with 20404 (verifications that are no longer
 * pending included, as Twilio's VerificationCheck answers).
 */
export function twilioErrorOf(from: Problem, api: 'messaging' | 'verify'): TwilioError {
  const code = (api === 'verify' ? VERIFY_CODES : MESSAGING_CODES)[from.code] ?? codeByStatus(from.status);
  // Twilio answers refused input with 400, never 422.
  const status = code === TwilioErrorCode.NotFound ? 404 : from.status === 422 ? 400 : from.status;
  if (status === 401) {
    return new TwilioError(401, TwilioErrorCode.Authenticate, 'Authenticate', { ...from.headers, 'WWW-Authenticate': 'Basic realm="Twilio API"' });
  }
  return new TwilioError(status, code, from.detail, from.headers);
}
