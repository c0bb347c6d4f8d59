/** Stable error codes of the pool-dispatcher's device RPCs; the gateway maps them to HTTP statuses. */
export const DeviceErrorCode = {
  InvalidPhoneNumber: 'invalid_phone_number',
  NotMobile: 'not_a_mobile_number',
  PhoneNumberTaken: 'phone_number_taken',
  DeviceNotFound: 'device_not_found',
  DeviceBanned: 'device_banned',
  /** The number proof: a code that is not the one sent, none that is still valid, too many wrong tries. */
  IncorrectCode: 'incorrect_code',
  CodeExpired: 'code_expired',
  TooManyAttempts: 'too_many_attempts',
  AlreadyVerified: 'device_already_verified',
  /** A new proof code too soon after the last one, or too many to one number in a day. */
  ResendCooldown: 'resend_cooldown',
  TooManySends: 'too_many_sends',
} as const;
export type DeviceErrorCode = (typeof DeviceErrorCode)[keyof typeof DeviceErrorCode];
