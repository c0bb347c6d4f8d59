/** The header Zagel signs every webhook call with: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'zagel-signature';

/** Older than this (or this far in the future) a signed call is refused as a possible replay. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookSignatureFailure = 'missing_signature' | 'malformed_signature' | 'timestamp_out_of_tolerance' | 'signature_mismatch';

export class WebhookSignatureError extends Error {
  constructor(
    readonly reason: WebhookSignatureFailure,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

export interface WebhookVerification {
  /** The request body exactly as received (the raw text or bytes, not a re-serialised object). */
  payload: string | Uint8Array;
  /** The `Zagel-Signature` header as the HTTP server gives it. */
  signature: string | readonly string[] | null | undefined;
  /** The organization's signing secret (`whsec_...`), shown once when it was created or rotated. */
  secret: string;
  /** Default 300; `Infinity` accepts any age (checking stored calls later). */
  toleranceSeconds?: number;
  /** The clock, in milliseconds (tests). Default `Date.now()`. */
  now?: number;
}

/** A webhook call's body: `id` (the delivery's id) and the event's fields (`event`, `messageId`, `status`, ...). */
export interface WebhookEvent {
  id: string;
  [field: string]: unknown;
}


function parseSignature(header: WebhookVerification['signature']): { timestamp: number; digests: Uint8Array<ArrayBuffer>[] } {
  const text = Array.isArray(header) ? header.join(',') : (header as string | null | undefined);
  if (!text) throw new WebhookSignatureError('missing_signature', 'no Zagel-Signature header');
  let timestamp: number | undefined;
  const digests: Uint8Array<ArrayBuffer>[] = [];
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    const [name, value] = [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (name === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) digests.push(Uint8Array.from(value.match(/../g)!, (pair) => parseInt(pair, 16)));
  }
  if (timestamp === undefined || digests.length === 0) {
    throw new WebhookSignatureError('malformed_signature', 'the Zagel-Signature header has no t=<unix seconds> or no v1=<hex digest>');
  }
  return { timestamp, digests };
}

function signedBytes(timestamp: number, payload: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const prefix = encoder.encode(`${timestamp}.`);
  const body = typeof payload === 'string' ? encoder.encode(payload) : payload;
  const bytes = new Uint8Array(prefix.length + body.length);
  bytes.set(prefix);
  bytes.set(body, prefix.length);
  return bytes;
}

async function checkSignature(input: WebhookVerification): Promise<void> {
  const { timestamp, digests } = parseSignature(input.signature);
  const tolerance = input.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const age = (input.now ?? Date.now()) / 1000 - timestamp;
  if (Math.abs(age) > tolerance) {
    throw new WebhookSignatureError('timestamp_out_of_tolerance', `signed ${Math.round(age)} s ago, more than the ${tolerance} s tolerated`);
  }
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(input.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const data = signedBytes(timestamp, input.payload);
  for (const digest of digests) {
    if (await crypto.subtle.verify('HMAC', key, digest, data)) return;
  }
  throw new WebhookSignatureError('signature_mismatch', 'the Zagel-Signature does not match this body and secret');
}

/**
 * Checks that a webhook call came from Zagel: the HMAC-SHA256 of `"<t>.<body>"` under the secret
 * matches a `v1` digest of the header (compared in constant time by Web Crypto), and `t` is within
 * the tolerance. Answers the parsed body; throws WebhookSignatureError (with a `reason`) otherwise.
 * Web Crypto only, so it runs in Node 20+, Deno, Bun, edge runtimes and browsers alike.
 */
export async function verifyWebhook<T extends object = WebhookEvent>(input: WebhookVerification): Promise<T> {
  await checkSignature(input);
  return JSON.parse(typeof input.payload === 'string' ? input.payload : new TextDecoder().decode(input.payload)) as T;
}

/** Whether the signature is Zagel's (as `verifyWebhook` checks it), without reading the body. */
export async function isValidWebhookSignature(input: WebhookVerification): Promise<boolean> {
  try {
    await checkSignature(input);
    return true;
  } catch (error) {
    if (error instanceof WebhookSignatureError) return false;
    throw error;
  }
}
