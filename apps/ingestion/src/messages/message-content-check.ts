import { MESSAGE_PRIORITIES, MESSAGE_TYPES, ROUTE_PREFERENCES, SMS_FORMATS } from '@zagel/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown, max: number) => value === undefined || (typeof value === 'string' && value.length <= max);

const FIELDS = new Set([
  'to',
  'body',
  'templateId',
  'variables',
  'type',
  'format',
  'udh',
  'from',
  'route',
  'scheduleAt',
  'expiresAt',
  'priority',
  'callbackUrl',
  'clientReference',
  'metadata',
  'defaultCountry',
]);

/**
 * What is wrong with one batch item's shape, or undefined. Batch items reach ingestion as plain
 * objects (checked here in microseconds, not by class-validator), so a bad item costs only itself.
 */
export function messageContentProblem(item: Record<string, unknown>): string | undefined {
  const unknown = Object.keys(item).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) return `unknown fields: ${unknown.join(', ')}`;
  if (!optionalString(item.to, 64)) return 'to must be a string';
  if (!optionalString(item.body, 1_600)) return 'body must be a string of at most 1,600 characters';
  if (item.templateId !== undefined && !(typeof item.templateId === 'string' && UUID.test(item.templateId))) return 'templateId must be a UUID';
  if (item.variables !== undefined && !isObject(item.variables)) return 'variables must be an object';
  if (item.type !== undefined && !(MESSAGE_TYPES as readonly unknown[]).includes(item.type)) return `type must be one of ${MESSAGE_TYPES.join(', ')}`;
  if (item.format !== undefined && !(SMS_FORMATS as readonly unknown[]).includes(item.format)) return `format must be one of ${SMS_FORMATS.join(', ')}`;
  if (!optionalString(item.udh, 280)) return 'udh must be a string of at most 280 hex digits';
  if (!optionalString(item.from, 16)) return 'from must be a string of at most 16 characters';
  if (item.route !== undefined && !(ROUTE_PREFERENCES as readonly unknown[]).includes(item.route)) {
    return `route must be one of ${ROUTE_PREFERENCES.join(', ')}`;
  }
  for (const field of ['scheduleAt', 'expiresAt'] as const) {
    const value = item[field];
    if (value !== undefined && !(typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)))) {
      return `${field} must be an ISO 8601 date-time`;
    }
  }
  if (item.priority !== undefined && !(MESSAGE_PRIORITIES as readonly unknown[]).includes(item.priority)) {
    return `priority must be one of ${MESSAGE_PRIORITIES.join(', ')}`;
  }
  if (!optionalString(item.callbackUrl, 2_048)) return 'callbackUrl must be a string';
  if (!optionalString(item.clientReference, 128)) return 'clientReference must be a string of at most 128 characters';
  if (item.metadata !== undefined && !isObject(item.metadata)) return 'metadata must be an object';
  if (item.defaultCountry !== undefined && !(typeof item.defaultCountry === 'string' && /^[A-Za-z]{2}$/.test(item.defaultCountry))) {
    return 'defaultCountry must be a two-letter country code';
  }
  return undefined;
}
