import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiGatewayConfig, RefreshCookieSecureMode } from '../config';

export const REFRESH_COOKIE_NAME = 'zagel_refresh';
/** Sent only to the routes that take it (refresh, logout), never with the rest of the API. */
export const REFRESH_COOKIE_PATH = '/v1/auth';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** What decides `Secure`: how the request came in. */
export interface RequestOrigin {
  protocol: string;
  hostname: string;
}

export function cookieIsSecure(mode: RefreshCookieSecureMode, origin: RequestOrigin): boolean {
  if (mode !== 'auto') return mode === 'always';
  const loopback = LOOPBACK_HOSTS.has(origin.hostname) || origin.hostname.endsWith('.localhost');
  return !(origin.protocol === 'http' && loopback);
}

/**
 * A session cookie (no Max-Age): it ends with the browser, as the dashboard's session did when it lived
 * in sessionStorage; auth's own expiry of the token still applies.
 */
export function refreshCookie(token: string, secure: boolean): string {
  return [`${REFRESH_COOKIE_NAME}=${encodeURIComponent(token)}`, ...attributes(secure)].join('; ');
}

export function clearedRefreshCookie(secure: boolean): string {
  return [`${REFRESH_COOKIE_NAME}=`, ...attributes(secure), 'Max-Age=0'].join('; ');
}

function attributes(secure: boolean): string[] {
  return [`Path=${REFRESH_COOKIE_PATH}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
}

/** The refresh token in a `Cookie` header, if there is one. */
export function refreshTokenInCookies(header: string | undefined): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== REFRESH_COOKIE_NAME) continue;
    const value = pair.slice(separator + 1).trim();
    try {
      return value === '' ? undefined : decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * A cross-site form can post only form-encoded, multipart or plain-text bodies; `application/json` from
 * another origin needs a CORS preflight, which only the configured origins pass. So the cookie is set,
 * read and cleared only on JSON requests: together with SameSite=Strict, a forged request neither spends
 * the cookie nor plants one (a form posting the attacker's credentials to login).
 */
export function isJsonRequest(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';', 1)[0].trim().toLowerCase() === 'application/json';
}

/** The refresh cookie for this gateway's settings and the request at hand. */
@Injectable()
export class RefreshCookie {
  constructor(private readonly settings: ApiGatewayConfig) {}

  /** The body's token, else the cookie's. */
  tokenOf(request: FastifyRequest, bodyToken: string | undefined): string | undefined {
    if (bodyToken !== undefined) return bodyToken;
    return isJsonRequest(request.headers['content-type']) ? refreshTokenInCookies(request.headers.cookie) : undefined;
  }

  set(request: FastifyRequest, reply: FastifyReply, token: string): void {
    if (isJsonRequest(request.headers['content-type'])) void reply.header('set-cookie', refreshCookie(token, this.secure(request)));
  }

  clear(request: FastifyRequest, reply: FastifyReply): void {
    if (isJsonRequest(request.headers['content-type'])) void reply.header('set-cookie', clearedRefreshCookie(this.secure(request)));
  }

  private secure(request: FastifyRequest): boolean {
    return cookieIsSecure(this.settings.refreshCookieSecureMode, { protocol: request.protocol, hostname: request.hostname });
  }
}
