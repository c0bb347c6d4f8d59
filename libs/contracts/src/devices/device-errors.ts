/** Stable error codes of the pool-dispatcher's device RPCs; the gateway maps them to HTTP statuses. */
export const DeviceErrorCode = {
  InvalidPhoneNumber: 'invalid_phone_number',
  NotMobile: 'not_a_mobile_number',
  PhoneNumberTaken: 'phone_number_taken',
  DeviceNotFound: 'device_not_found',
  DeviceBanned: 'device_banned',
} as const;
export type DeviceErrorCode = (typeof DeviceErrorCode)[keyof typeof DeviceErrorCode];
