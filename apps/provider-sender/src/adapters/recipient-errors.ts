/**
 * Permanent error codes that are about the recipient, not the provider: another provider would fail
 * the same way, so the message fails at once instead of moving down the chain. Adapters map their
 * providers' codes onto these names.
 */
export const RECIPIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'invalid_number',
  'unreachable_number',
  'blocked_number',
  'unsubscribed_number',
  'landline_number',
]);
