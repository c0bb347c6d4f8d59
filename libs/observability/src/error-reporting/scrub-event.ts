import type { ErrorEvent } from '@sentry/node';
import { REDACTED } from '../logging/redaction';

/** Fields whose values are message bodies, codes or credentials wherever they appear. */
const EXACT_FIELDS = new Set(['body', 'text', 'code', 'content', 'payload', 'variables', 'data']);
const FIELD_PARTS = ['secret', 'password', 'token', 'authorization', 'apikey', 'api_key', 'api-key', 'cookie', 'signature', 'privatekey'];
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'zagel-signature', 'stripe-signature', 'x-twilio-signature']);

function isSensitive(field: string): boolean {
  const name = field.toLowerCase();
  return EXACT_FIELDS.has(name) || FIELD_PARTS.some((part) => name.includes(part));
}

/** A copy of `value` with every sensitive field's value replaced, however deep (cycles cut). */
export function scrubFields(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrubFields(item, seen));
  return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, isSensitive(field) ? REDACTED : scrubFields(inner, seen)]));
}

/**
 * Sentry's `beforeSend`: what leaves the process carries no request body, no credential header or
 * cookie, no local variables and no field that holds a message body, an OTP code or a secret.
 */
export function scrubEvent(event: ErrorEvent): ErrorEvent {
  if (event.request) {
    delete event.request.data;
    delete event.request.cookies;
    delete event.request.query_string;
    if (event.request.headers) {
      event.request.headers = Object.fromEntries(
        Object.entries(event.request.headers).map(([name, value]) => [name, SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value]),
      );
    }
  }
  delete event.breadcrumbs;
  if (event.extra) event.extra = scrubFields(event.extra) as ErrorEvent['extra'];
  if (event.contexts) event.contexts = scrubFields(event.contexts) as ErrorEvent['contexts'];
  for (const exception of event.exception?.values ?? []) {
    for (const frame of exception.stacktrace?.frames ?? []) delete frame.vars;
  }
  return event;
}
