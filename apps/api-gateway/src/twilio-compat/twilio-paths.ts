/** Where the Twilio-compatible API lives: a Twilio client's `https://api.twilio.com` and `https://verify.twilio.com` become `<zagel>/twilio`. */
export const TWILIO_COMPAT_PREFIX = 'twilio';

/** Outside the `/v1` prefix. */
export const TWILIO_COMPAT_PATHS = [`${TWILIO_COMPAT_PREFIX}/{*path}`];
