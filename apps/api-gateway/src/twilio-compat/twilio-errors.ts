import { TWILIO_ERROR_CODES } from '@zagel/contracts';
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
  toRequired: () => new TwilioError(400, TWILIO_ERROR_CODES.ToRequired, "A 'To' phone number is required."),
  bodyRequired: () => new TwilioError(400, TWILIO_ERROR_CODES.MessageBodyRequired, 'Message body is required.'),
  fromRequired: () => new TwilioError(400, TWILIO_ERROR_CODES.FromOrServiceRequired, "A 'From' or 'MessagingServiceSid' parameter is required to send a message."),
  bodyTooLong: () => new TwilioError(400, TWILIO_ERROR_CODES.BodyTooLong, 'The concatenated message body exceeds the 1600 character limit.'),
  invalidParameter: (name: string, why: string) => new TwilioError(400, TWILIO_ERROR_CODES.InvalidParameter, `Invalid parameter '${name}': ${why}`),
  invalidUpdate: (why: string) => new TwilioError(400, TWILIO_ERROR_CODES.InvalidMessageUpdate, `Parameters are not valid: ${why}`),
  invalidVerifyParameter: (name: string) => new TwilioError(400, TWILIO_ERROR_CODES.InvalidVerifyParameter, `Invalid parameter \`${name}\`.`),
  maxCheckAttempts: () => new TwilioError(429, TWILIO_ERROR_CODES.MaxCheckAttemptsReached, 'Max check attempts reached'),
  notFound: (path: string) => new TwilioError(404, TWILIO_ERROR_CODES.NotFound, `The requested resource ${path} was not found`),
};

/** Zagel's problem codes that have a Twilio error of their own; `verify` for the Verify API's. */
const MESSAGING_CODES: Record<string, number> = {
  invalid_phone_number: TWILIO_ERROR_CODES.InvalidToNumber,
  cannot_receive_sms: TWILIO_ERROR_CODES.NumberNotSmsCapable,
  opted_out: TWILIO_ERROR_CODES.OptedOut,
  missing_content: TWILIO_ERROR_CODES.MessageBodyRequired,
  body_too_long: TWILIO_ERROR_CODES.BodyTooLong,
  webhook_target_not_allowed: TWILIO_ERROR_CODES.InvalidStatusCallback,
  message_not_found: TWILIO_ERROR_CODES.NotFound,
  message_not_cancelable: TWILIO_ERROR_CODES.MessageNotCancelable,
  message_not_redactable: TWILIO_ERROR_CODES.InvalidMessageUpdate,
};

const VERIFY_CODES: Record<string, number> = {
  invalid_phone_number: TWILIO_ERROR_CODES.InvalidVerifyParameter,
  landline_not_supported: TWILIO_ERROR_CODES.LandlineNotSupported,
  verification_not_found: TWILIO_ERROR_CODES.NotFound,
  verification_not_pending: TWILIO_ERROR_CODES.NotFound,
  too_many_sends: TWILIO_ERROR_CODES.MaxSendAttemptsReached,
  resend_cooldown: TWILIO_ERROR_CODES.MaxSendAttemptsReached,
  velocity_limited: TWILIO_ERROR_CODES.TooManyRequests,
};

function codeByStatus(status: number): number {
  if (status === 401) return TWILIO_ERROR_CODES.Authenticate;
  if (status === 403) return TWILIO_ERROR_CODES.Forbidden;
  if (status === 404) return TWILIO_ERROR_CODES.NotFound;
  if (status === 429) return TWILIO_ERROR_CODES.TooManyRequests;
  if (status === 503) return TWILIO_ERROR_CODES.ServiceUnavailable;
  if (status >= 500) return TWILIO_ERROR_CODES.InternalServerError;
  return TWILIO_ERROR_CODES.InvalidParameter;
}

/**
 * A Zagel problem as Twilio would answer it. A refused credential is Twilio's 20003 with its
 * `WWW-Authenticate` challenge; a missing resource 404 with 20404 (verifications that are no longer
 * pending included, as Twilio's VerificationCheck answers).
 */
export function twilioErrorOf(from: Problem, api: 'messaging' | 'verify'): TwilioError {
  const code = (api === 'verify' ? VERIFY_CODES : MESSAGING_CODES)[from.code] ?? codeByStatus(from.status);
  // Twilio answers refused input with 400, never 422, and an update that came too early or too late with 400 too.
  const status = code === TWILIO_ERROR_CODES.NotFound ? 404 : from.status === 422 || from.status === 409 ? 400 : from.status;
  if (status === 401) {
    return new TwilioError(401, TWILIO_ERROR_CODES.Authenticate, 'Authenticate', { ...from.headers, 'WWW-Authenticate': 'Basic realm="Twilio API"' });
  }
  return new TwilioError(status, code, from.detail, from.headers);
}
