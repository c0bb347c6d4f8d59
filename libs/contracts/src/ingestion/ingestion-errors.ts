import { BillingCallErrorCode } from '../billing/billing-errors';

/** Stable codes of the ingestion service's RPC errors (the gateway maps them to HTTP problems). */
export const IngestionErrorCode = {
  InvalidPhoneNumber: 'invalid_phone_number',
  CannotReceiveSms: 'cannot_receive_sms',
  OptedOut: 'opted_out',
  MissingContent: 'missing_content',
  MissingVariables: 'missing_variables',
  TemplateNotFound: 'template_not_found',
  MessageNotFound: 'message_not_found',
  NotCancelable: 'message_not_cancelable',
  /** A message still waiting to leave keeps its text: it is what will be sent. */
  NotRedactable: 'message_not_redactable',
  InvalidSchedule: 'invalid_schedule',
  WebhookTargetNotAllowed: 'webhook_target_not_allowed',
  BodyTooLong: 'body_too_long',
  OptOutNotFound: 'opt_out_not_found',
  InvalidTemplate: 'invalid_template',
  InvalidMessage: 'invalid_message',
  InvalidInboundSettings: 'invalid_inbound_settings',
  /** No route can carry the message's format (flash or binary to the device pool). */
  UnsupportedType: 'unsupported_type',
  /** A binary body or udh that is not hex, or a udh that is malformed. */
  InvalidBinary: 'invalid_binary',
  InvalidSenderId: 'invalid_sender_id',
  /** The destination country does not allow this kind of sender id (alphanumeric to US or CA). */
  SenderIdNotSupported: 'sender_id_not_supported',
  ...BillingCallErrorCode,
} as const;
export type IngestionErrorCode = (typeof IngestionErrorCode)[keyof typeof IngestionErrorCode];
