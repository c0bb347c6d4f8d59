import { BillingCallErrorCode } from '../billing/billing-errors';

/** Stable error codes the otp service answers RPCs with; the gateway maps each to an HTTP problem. */
export const OtpErrorCode = {
  InvalidPhoneNumber: 'invalid_phone_number',
  LandlineNotSupported: 'landline_not_supported',
  PremiumRateNotSupported: 'premium_rate_not_supported',
  NumberTypeNotSupported: 'number_type_not_supported',
  CountryNotAllowed: 'country_not_allowed',
  PrefixBlocked: 'prefix_blocked',
  VelocityLimited: 'velocity_limited',
  TooManySends: 'too_many_sends',
  ResendCooldown: 'resend_cooldown',
  VerificationNotFound: 'verification_not_found',
  VerificationNotPending: 'verification_not_pending',
  TemplateNotFound: 'otp_template_not_found',
  InvalidTemplate: 'invalid_otp_template',
  ...BillingCallErrorCode,
} as const;
export type OtpErrorCode = (typeof OtpErrorCode)[keyof typeof OtpErrorCode];

/** Why the fraud guard refused a send; the label of `zagel_otp_blocked_total`. */
export const OTP_BLOCK_REASONS = [
  OtpErrorCode.CountryNotAllowed,
  OtpErrorCode.PrefixBlocked,
  OtpErrorCode.VelocityLimited,
  OtpErrorCode.TooManySends,
  OtpErrorCode.ResendCooldown,
] as const;
export type OtpBlockReason = (typeof OTP_BLOCK_REASONS)[number];
