import { OtpErrorCode } from '@zagel/contracts';
import { canReceiveSms, normalizePhoneNumber } from '@zagel/phone';
import { OtpError } from '../shared/otp-error';

export interface Destination {
  e164: string;
  country: string;
}

/** The number a code may go to: valid E.164 and a mobile line (landlines, premium-rate and unknown types refused). */
export function smsDestination(input: string): Destination {
  const normalized = normalizePhoneNumber(input);
  if (!normalized.ok) {
    throw new OtpError(OtpErrorCode.InvalidPhoneNumber, `${normalized.detail} Give the number in E.164 form (+<country code><number>).`, {
      reason: normalized.problem,
    });
  }
  if (canReceiveSms(normalized.type)) return { e164: normalized.e164, country: normalized.country };
  const details = { numberType: normalized.type, country: normalized.country };
  if (normalized.type === 'fixed_line') {
    throw new OtpError(OtpErrorCode.LandlineNotSupported, `${normalized.e164} is a landline: it cannot receive SMS codes.`, details);
  }
  if (normalized.type === 'premium_rate') {
    throw new OtpError(OtpErrorCode.PremiumRateNotSupported, `${normalized.e164} is a premium-rate number: codes are never sent to one.`, details);
  }
  throw new OtpError(
    OtpErrorCode.NumberTypeNotSupported,
    `${normalized.e164} is not known to be a mobile number (${normalized.type}); codes go to mobile numbers only.`,
    details,
  );
}
