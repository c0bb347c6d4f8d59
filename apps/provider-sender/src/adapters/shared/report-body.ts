import { timingSafeEqual } from 'node:crypto';
import type { InboundReportRequest } from '../provider-adapter';

function isJson(request: InboundReportRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().includes('json');
}

/** A report's fields: the JSON object, or the form fields (falling back to the query for GET callbacks). */
export function reportFields(request: InboundReportRequest): Record<string, unknown> {
  if (isJson(request)) {
    const parsed = JSON.parse(request.rawBody) as unknown;
    if (!parsed || typeof parsed !== 'object') throw new Error('report body is not a JSON object or array');
    return parsed as Record<string, unknown>;
  }
  if (request.rawBody.length > 0) return Object.fromEntries(new URLSearchParams(request.rawBody));
  return { ...request.query };
}

/** Form fields only (for signature schemes defined over POST parameters). */
export function formFields(rawBody: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(rawBody));
}

export function reportIsJson(request: InboundReportRequest): boolean {
  return isJson(request);
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * For providers that sign nothing: the account's report URL carries a secret `token` query parameter
 * (set when the callback URL is registered), compared in constant time.
 */
export function hasReportToken(request: InboundReportRequest, expected: string | undefined): boolean {
  if (!expected) return false;
  return safeEqual(request.query.token ?? queryParam(request.url, 'token') ?? '', expected);
}

export function stringField(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : String(value as string | number);
}

/** A query parameter of an absolute URL; undefined for a URL that does not parse. */
export function queryParam(url: string, name: string): string | undefined {
  try {
    return new URL(url).searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}
