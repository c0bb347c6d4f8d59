/** Stable error codes of the provider-sender's RPCs (the gateway maps them to HTTP statuses). */
export const ProviderSenderErrorCode = {
  ProviderNotFound: 'provider_not_found',
  ProviderNameTaken: 'provider_name_taken',
  InvalidProviderSettings: 'invalid_provider_settings',
  UnknownProviderKind: 'unknown_provider_kind',
  ProviderInUse: 'provider_in_use',
  RouteNotFound: 'route_not_found',
  RouteExists: 'route_exists',
  InvalidRoute: 'invalid_route',
  ReportSignatureInvalid: 'report_signature_invalid',
  ReportMalformed: 'report_malformed',
  /** An inbound-SMS webhook whose signature (or URL token) does not verify: nothing is published. */
  InboundSignatureInvalid: 'inbound_signature_invalid',
  InboundMalformed: 'inbound_malformed',
  /** The account's provider does not post inbound SMS over HTTP (SMPP, SNS, the simulator). */
  InboundNotSupported: 'inbound_not_supported',
} as const;
export type ProviderSenderErrorCode = (typeof ProviderSenderErrorCode)[keyof typeof ProviderSenderErrorCode];

/** Settings values shown in place of a secret: never the secret itself. */
export const MASKED_SECRET = '********';
