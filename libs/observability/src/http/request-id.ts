import { randomUUID } from 'node:crypto';

// Ids come from clients and end up in every log line: short, printable, no separators of log formats.
const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function isSaneId(value: unknown): value is string {
  return typeof value === 'string' && SANE_ID.test(value);
}

/** The caller's `x-request-id` when it is a sane value, else a fresh UUID. */
export function pickRequestId(header: string | string[] | undefined): string {
  return isSaneId(header) ? header : randomUUID();
}
