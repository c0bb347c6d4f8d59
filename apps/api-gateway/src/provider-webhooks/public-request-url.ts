/** The parts of a request that say where it was sent. */
export interface RequestAddress {
  protocol: string;
  /** Path and query string, exactly as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  const head = text?.split(',')[0]?.trim();
  return head ? head : undefined;
}

/**
 * The URL the client called, which providers such as Twilio sign. Behind a proxy that is not the URL
 * the gateway sees, so X-Forwarded-Proto/Host are used, but only when `trustForwarded` says the proxy
 * in front sets them (otherwise anyone could choose the URL the signature is checked against).
 */
export function publicRequestUrl(request: RequestAddress, trustForwarded: boolean): string {
  const forwardedProto = trustForwarded ? first(request.headers['x-forwarded-proto']) : undefined;
  const forwardedHost = trustForwarded ? first(request.headers['x-forwarded-host']) : undefined;
  const protocol = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : request.protocol;
  const host = forwardedHost ?? first(request.headers.host) ?? 'localhost';
  return `${protocol}://${host}${request.url}`;
}

/** Header names lower-cased, repeated headers joined with `, ` (as HTTP allows). */
export function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}
