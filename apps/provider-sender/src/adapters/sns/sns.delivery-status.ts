import type { DeliveryReport } from '../provider-adapter';

/** A FilterLogEvents pattern may be at most 1024 characters long. */
export const FILTER_PATTERN_MAX_LENGTH = 1024;

/** The error code of a failure whose `providerResponse` names no recipient problem. */
export const SNS_CARRIER_FAILURE = 'carrier_failure';

/**
 * SNS's documented SMS failure reasons (`delivery.providerResponse`) that are about the recipient, as our
 * recipient error codes. Carrier blocking, spam filtering, price limits and unknown errors are not.
 */
const RECIPIENT_FAILURES: Array<[RegExp, string]> = [
  [/opted out/i, 'unsubscribed_number'],
  [/invalid phone number|not a valid phone number/i, 'invalid_number'],
  [/landline|not a mobile/i, 'landline_number'],
  [/^phone has blocked|^(destination|phone) is on a blocked list/i, 'blocked_number'],
  [/^phone is currently unreachable|^phone is unreachable/i, 'unreachable_number'],
];

/** One delivery status log event as SNS writes it for an SMS published to a phone number. */
interface SmsDeliveryStatus {
  notification?: { messageId?: unknown; timestamp?: unknown };
  delivery?: { providerResponse?: unknown };
  status?: unknown;
}

export function snsDeliveryFailureCode(providerResponse: string | undefined): string {
  const match = RECIPIENT_FAILURES.find(([pattern]) => providerResponse !== undefined && pattern.test(providerResponse));
  return match ? match[1] : SNS_CARRIER_FAILURE;
}

/**
 * One event of the `DirectPublishToPhoneNumber` log groups as ours: SUCCESS is `delivered`, FAILURE is `failed`
 * with its `providerResponse` as an error code; `at` is when the event was logged. Undefined for anything else.
 */
export function snsDeliveryReport(message: string | undefined, loggedAt: number | undefined): DeliveryReport | undefined {
  let event: SmsDeliveryStatus;
  try {
    event = JSON.parse(message ?? '') as SmsDeliveryStatus;
  } catch {
    return undefined;
  }
  const providerMessageId = event?.notification?.messageId;
  if (typeof providerMessageId !== 'string') return undefined;
  const at = typeof loggedAt === 'number' ? { at: new Date(loggedAt).toISOString() } : {};
  if (event.status === 'SUCCESS') return { providerMessageId, status: 'delivered', ...at };
  if (event.status !== 'FAILURE') return undefined;
  const reason = typeof event.delivery?.providerResponse === 'string' ? event.delivery.providerResponse : undefined;
  return { providerMessageId, status: 'failed', errorCode: snsDeliveryFailureCode(reason), ...at };
}

/** A JSON filter term matches `"` literally inside its quotes, so only ids SNS could have made are asked for. */
const MESSAGE_ID = /^[\w-]{1,100}$/;

/** One FilterLogEvents pattern and the message ids it matches. */
export interface MessageIdFilter {
  filterPattern: string;
  messageIds: string[];
}

/**
 * Filter patterns matching the log events of these message ids
 * (`{ ($.notification.messageId = "a") || ($.notification.messageId = "b") }`), as few as the length limit allows.
 */
export function messageIdFilters(messageIds: string[]): MessageIdFilter[] {
  const filters: MessageIdFilter[] = [];
  const pattern = (ids: string[]) => `{ ${ids.map((id) => `($.notification.messageId = "${id}")`).join(' || ')} }`;
  let ids: string[] = [];
  for (const id of messageIds.filter((candidate) => MESSAGE_ID.test(candidate))) {
    if (ids.length > 0 && pattern([...ids, id]).length > FILTER_PATTERN_MAX_LENGTH) {
      filters.push({ filterPattern: pattern(ids), messageIds: ids });
      ids = [];
    }
    ids.push(id);
  }
  if (ids.length > 0) filters.push({ filterPattern: pattern(ids), messageIds: ids });
  return filters;
}
