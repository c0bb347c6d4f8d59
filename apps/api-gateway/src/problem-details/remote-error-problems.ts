import type {
  AuthErrorCode,
  BillingErrorCode,
  BusErrorCode,
  CampaignErrorCode,
  DeviceErrorCode,
  IngestionErrorCode,
  OtpErrorCode,
  ProviderSenderErrorCode,
} from '@zagel/contracts';
import { RpcRemoteError } from '@zagel/messaging';
import { problem, Problem } from './problem';

/** Every code a service behind the gateway may answer with (the code enums of `libs/contracts`). */
export type RemoteErrorCode =
  | BusErrorCode
  | AuthErrorCode
  | BillingErrorCode
  | OtpErrorCode
  | IngestionErrorCode
  | CampaignErrorCode
  | DeviceErrorCode
  | ProviderSenderErrorCode;

export interface RemoteErrorProblem {
  status: number;
  /** The problem type's summary (RFC 9457 `title`): the same for every occurrence of the code. */
  title: string;
}

/**
 * The HTTP face of every service error code. A code the same in two services (`invalid_phone_number`,
 * `insufficient_funds`) means the same thing in both, so it has one row.
 */
export const REMOTE_ERROR_PROBLEMS: Record<RemoteErrorCode, RemoteErrorProblem> = {
  // the bus: the live lane sheds load past its capacity instead of queueing
  live_lane_full: { status: 503, title: 'Live lane full' },
  // a command reached no queue: the service or instance it was for is not running
  unroutable: { status: 503, title: 'Service unavailable' },
  // auth
  email_taken: { status: 409, title: 'Email already registered' },
  invalid_credentials: { status: 401, title: 'Invalid credentials' },
  weak_password: { status: 422, title: 'Password too weak' },
  too_many_attempts: { status: 429, title: 'Too many attempts' },
  invalid_refresh_token: { status: 401, title: 'Invalid refresh token' },
  refresh_token_reused: { status: 401, title: 'Refresh token reused' },
  not_found: { status: 404, title: 'Not found' },
  forbidden: { status: 403, title: 'Forbidden' },
  organization_suspended: { status: 403, title: 'Organization suspended' },
  already_member: { status: 409, title: 'Already a member' },
  last_owner: { status: 409, title: 'Last owner' },
  invalid_api_key: { status: 401, title: 'Invalid API key' },
  // billing
  insufficient_funds: { status: 402, title: 'Insufficient funds' },
  reservation_not_found: { status: 404, title: 'Reservation not found' },
  reservation_closed: { status: 409, title: 'Reservation closed' },
  price_not_found: { status: 404, title: 'Price not found' },
  price_exists: { status: 409, title: 'Price exists' },
  default_price_required: { status: 409, title: 'Default price required' },
  adjustment_conflict: { status: 409, title: 'Adjustment conflict' },
  billing_not_configured: { status: 503, title: 'Payments not configured' },
  invalid_stripe_signature: { status: 400, title: 'Invalid Stripe signature' },
  amount_out_of_range: { status: 422, title: 'Amount out of range' },
  payment_provider_unavailable: { status: 502, title: 'Payment provider unavailable' },
  // billing, as ingestion and otp answer when they could not reserve
  billing_refused: { status: 422, title: 'Billing refused' },
  billing_unavailable: { status: 503, title: 'Billing unavailable' },
  // otp
  invalid_phone_number: { status: 422, title: 'Invalid phone number' },
  landline_not_supported: { status: 422, title: 'Landline not supported' },
  premium_rate_not_supported: { status: 422, title: 'Premium-rate number not supported' },
  number_type_not_supported: { status: 422, title: 'Number type not supported' },
  country_not_allowed: { status: 403, title: 'Country not allowed' },
  prefix_blocked: { status: 403, title: 'Prefix blocked' },
  velocity_limited: { status: 429, title: 'Velocity limited' },
  too_many_sends: { status: 429, title: 'Too many sends' },
  resend_cooldown: { status: 429, title: 'Resend cooling down' },
  verification_not_found: { status: 404, title: 'Verification not found' },
  verification_not_pending: { status: 409, title: 'Verification not pending' },
  otp_template_not_found: { status: 404, title: 'OTP template not found' },
  invalid_otp_template: { status: 422, title: 'Invalid OTP template' },
  // ingestion
  cannot_receive_sms: { status: 422, title: 'Number cannot receive SMS' },
  opted_out: { status: 422, title: 'Recipient opted out' },
  missing_content: { status: 422, title: 'Missing content' },
  missing_variables: { status: 422, title: 'Missing template variables' },
  template_not_found: { status: 404, title: 'Template not found' },
  message_not_found: { status: 404, title: 'Message not found' },
  message_not_cancelable: { status: 409, title: 'Message not cancelable' },
  message_not_redactable: { status: 409, title: 'Message not redactable' },
  invalid_schedule: { status: 422, title: 'Invalid schedule' },
  webhook_target_not_allowed: { status: 422, title: 'Webhook target not allowed' },
  body_too_long: { status: 422, title: 'Body too long' },
  opt_out_not_found: { status: 404, title: 'Opt-out not found' },
  invalid_template: { status: 422, title: 'Invalid template' },
  invalid_message: { status: 422, title: 'Invalid message' },
  invalid_inbound_settings: { status: 422, title: 'Invalid inbound settings' },
  unsupported_type: { status: 422, title: 'Message format not supported on this route' },
  invalid_binary: { status: 422, title: 'Invalid binary message' },
  invalid_sender_id: { status: 422, title: 'Invalid sender id' },
  sender_id_not_supported: { status: 422, title: 'Sender id not supported in the destination country' },
  // ingestion's campaigns: whole-file faults (nothing created), then the lifecycle
  not_csv: { status: 400, title: 'Not a CSV file' },
  no_header: { status: 400, title: 'No header row' },
  no_phone_column: { status: 400, title: 'No phone column' },
  no_body_column: { status: 400, title: 'No message column' },
  unknown_template_variables: { status: 400, title: 'Template variables without a column' },
  file_too_large: { status: 413, title: 'File too large' },
  no_valid_rows: { status: 400, title: 'No valid rows' },
  invalid_campaign_options: { status: 422, title: 'Invalid campaign options' },
  upload_not_found: { status: 404, title: 'Upload not found' },
  campaign_not_found: { status: 404, title: 'Campaign not found' },
  invalid_campaign_transition: { status: 409, title: 'Invalid campaign transition' },
  // pool-dispatcher's devices
  not_a_mobile_number: { status: 422, title: 'Not a mobile number' },
  phone_number_taken: { status: 409, title: 'Phone number taken' },
  device_not_found: { status: 404, title: 'Device not found' },
  device_banned: { status: 409, title: 'Device banned' },
  incorrect_code: { status: 422, title: 'Incorrect code' },
  code_expired: { status: 422, title: 'Code expired' },
  device_already_verified: { status: 409, title: 'Device already verified' },
  // provider-sender
  provider_not_found: { status: 404, title: 'Provider not found' },
  provider_name_taken: { status: 409, title: 'Provider name taken' },
  invalid_provider_settings: { status: 422, title: 'Invalid provider settings' },
  unknown_provider_kind: { status: 422, title: 'Unknown provider kind' },
  provider_in_use: { status: 409, title: 'Provider in use' },
  route_not_found: { status: 404, title: 'Route not found' },
  route_exists: { status: 409, title: 'Route exists' },
  invalid_route: { status: 422, title: 'Invalid route' },
  report_signature_invalid: { status: 403, title: 'Report signature invalid' },
  report_malformed: { status: 400, title: 'Report malformed' },
  inbound_signature_invalid: { status: 403, title: 'Inbound message signature invalid' },
  inbound_malformed: { status: 400, title: 'Inbound message malformed' },
  inbound_not_supported: { status: 404, title: 'Provider posts no inbound messages' },
};

/** Error details a client may see; anything else a service attaches stays internal. */
const PUBLIC_DETAILS = new Set([
  // refusals with reasons: weak passwords, invalid settings, devices
  'reasons',
  'suggestions',
  'problem',
  'missing',
  'routes',
  'status',
  'templateId',
  // campaigns
  'columns',
  'totals',
  // money
  'shortfall',
  'available',
  'currency',
  'min',
  'max',
  // limits
  'retryAfterSeconds',
  'attemptsLeft',
  'reason',
  'numberType',
  'country',
  'allowedCountries',
  'prefix',
  'limit',
  'windowSeconds',
  'scope',
]);

export const RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

function isRemoteErrorCode(code: string): code is RemoteErrorCode {
  return Object.hasOwn(REMOTE_ERROR_PROBLEMS, code);
}

/** A service's stable error code as an HTTP problem; unknown codes are internal errors with no internal text. */
export function problemFromRemoteError(error: RpcRemoteError): Problem | undefined {
  if (!isRemoteErrorCode(error.code)) return undefined;
  const { status, title } = REMOTE_ERROR_PROBLEMS[error.code];
  const details = error.details ?? {};
  const extensions = Object.fromEntries(Object.entries(details).filter(([name]) => PUBLIC_DETAILS.has(name)));
  const retryAfter = Number(details.retryAfterSeconds);
  const headers = (status === 429 || status === 503) && retryAfter > 0 ? { 'Retry-After': String(Math.ceil(retryAfter)) } : undefined;
  return problem(status, error.code, error.message, { title, extensions, headers });
}

/** The gateway's own publish was refused by a full live queue (LiveLaneFull). */
export function liveLaneFull(retryAfterSeconds: number): Problem {
  return problem(503, 'live_lane_full', 'Too many messages are waiting to be sent; try again shortly.', {
    title: REMOTE_ERROR_PROBLEMS.live_lane_full.title,
    extensions: { retryAfterSeconds },
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

export function serviceUnavailable(): Problem {
  return problem(503, 'service_unavailable', 'A service behind the API did not answer in time; try again shortly.', {
    headers: { 'Retry-After': String(RETRY_AFTER_UNAVAILABLE_SECONDS) },
  });
}
