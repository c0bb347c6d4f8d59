import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { basicCredentials, callWebhook, FailureScript, postReport, type FakeResponse, type RecordedRequest, FakeProviderServer } from './fake-http-server';

export interface VonageFailure {
  /** SMS API `status` (e.g. '1' throttled, '3' invalid params, '9' quota), or an HTTP status when `http` is set. */
  status: string;
  errorText: string;
  http?: number;
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/**
 * Vonage's SMS API as documented: `POST /sms/json` (JSON or form), credentials as Basic auth or
 * `api_key`/`api_secret` fields; always HTTP 200 with `{message-count, messages: [{status, message-id|error-text}]}`.
 * Posts delivery receipts signed either as a Vonage signed webhook (JWT HS256 with `payload_hash`) or with `sig`.
 */
export class FakeVonage extends FakeProviderServer {
  readonly failures = new FailureScript<VonageFailure>();

  constructor(
    readonly apiKey: string,
    readonly apiSecret: string,
    readonly signatureSecret: string,
  ) {
    super();
  }

  static async start(apiKey = randomBytes(4).toString('hex'), apiSecret = randomBytes(8).toString('hex'), signatureSecret = randomBytes(16).toString('hex')) {
    const fake = new FakeVonage(apiKey, apiSecret, signatureSecret);
    await fake.http.start();
    return fake;
  }

  /** The fields of a recorded submit, whatever its content type. */
  static fields(request: RecordedRequest): Record<string, string> {
    if (request.headers['content-type']?.includes('json')) {
      return Object.fromEntries(Object.entries(JSON.parse(request.rawBody) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    }
    return Object.fromEntries(new URLSearchParams(request.rawBody));
  }

  protected route(request: RecordedRequest): FakeResponse {
    if (request.method !== 'POST' || request.path !== '/sms/json') return { status: 404, body: { error: 'not found' } };
    const fields = FakeVonage.fields(request);
    const basic = basicCredentials(request.headers.authorization);
    const key = basic?.user ?? fields.api_key;
    const secret = basic?.password ?? fields.api_secret;
    if (!key || !secret) return this.answer([{ status: '2', 'error-text': 'Missing api_key' }]);
    if (key !== this.apiKey || secret !== this.apiSecret) return this.answer([{ status: '4', 'error-text': 'Bad Credentials' }]);
    // Text and unicode carry `text`; binary carries `body` and `udh`, both hex.
    const content = fields.type === 'binary' ? /^([0-9a-fA-F]{2})+$/.test(fields.body ?? '') && /^([0-9a-fA-F]{2})+$/.test(fields.udh ?? '') : Boolean(fields.text);
    if (!fields.from || !fields.to || !content) return this.answer([{ status: '2', 'error-text': 'Missing from, to, text (or body and udh in hex)' }]);
    if (!/^[1-9]\d{6,14}$/.test(fields.to)) return this.answer([{ status: '3', 'error-text': 'Invalid Message', to: fields.to }]);
    const failure = this.failures.take();
    if (failure?.http) return { status: failure.http, type: 'text', body: failure.errorText };
    if (failure) return this.answer([{ status: failure.status, 'error-text': failure.errorText, to: fields.to }]);
    return this.answer([
      {
        to: fields.to,
        'message-id': randomUUID(),
        status: '0',
        'remaining-balance': '15.53590000',
        'message-price': '0.03330000',
        network: '23410',
        ...(fields['client-ref'] ? { 'client-ref': fields['client-ref'] } : {}),
      },
    ]);
  }

  private answer(messages: Array<Record<string, string>>): FakeResponse {
    return { status: 200, body: { 'message-count': String(messages.length), messages } };
  }

  /** A Vonage signed-webhook token: HS256 over header.claims with the signature secret, `payload_hash` = sha256(body). */
  signedWebhookToken(body: string): string {
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const claims = base64url(
      JSON.stringify({
        iat: Math.floor(Date.now() / 1000),
        jti: randomUUID(),
        iss: 'Vonage',
        payload_hash: createHash('sha256').update(body).digest('hex'),
        api_key: this.apiKey,
      }),
    );
    const signature = createHmac('sha256', this.signatureSecret).update(`${header}.${claims}`).digest('base64url');
    return `${header}.${claims}.${signature}`;
  }

  /** POST a JSON delivery receipt as a signed webhook. */
  sendSignedReceipt(url: string, receipt: Record<string, string>) {
    const body = JSON.stringify(receipt);
    return postReport(url, body, { 'content-type': 'application/json', authorization: `Bearer ${this.signedWebhookToken(body)}` });
  }

  /** POST a form receipt signed with `sig` (HMAC-SHA256 over `&key=value` pairs, keys sorted, `&`/`=` in values as `_`). */
  sendSigReceipt(url: string, receipt: Record<string, string>) {
    const body = new URLSearchParams(this.withSig(receipt)).toString();
    return postReport(url, body, { 'content-type': 'application/x-www-form-urlencoded' });
  }

  /** The fields with `sig` added: HMAC-SHA256 (the dashboard's SHA256HMAC) with the signature secret. */
  withSig(fields: Record<string, string>): Record<string, string> {
    const signed = Object.keys(fields)
      .sort()
      .map((key) => `&${key}=${fields[key].replace(/[&=]/g, '_')}`)
      .join('');
    return { ...fields, sig: createHmac('sha256', this.signatureSecret).update(signed).digest('hex') };
  }

  /**
   * An inbound SMS as the SMS API delivers it to the account's inbound webhook (GET query or form POST, as the
   * dashboard's HTTP method says): msisdn, to, messageId, text, type, keyword, message-timestamp, timestamp and
   * nonce, signed with `sig`. A long message is delivered part by part with concat, concat-ref, concat-total and
   * concat-part. Returns the fields it sent, to send the same webhook again.
   */
  async sendInboundMessage(
    url: string,
    message: { msisdn: string; to: string; text: string; messageId?: string; concat?: { ref: string; total: number; part: number } },
    method: 'GET' | 'POST' = 'POST',
  ) {
    const now = new Date();
    const fields: Record<string, string> = {
      msisdn: message.msisdn,
      to: message.to,
      messageId: message.messageId ?? randomBytes(8).toString('hex').toUpperCase(),
      text: message.text,
      type: /^[\n\r\x20-\x7e€£¥èéùìòÇØøÅåÆæßÉÄÖÑÜ§¿äöñüà]*$/.test(message.text) ? 'text' : 'unicode',
      keyword: message.text.trim().split(/\s+/)[0]?.toUpperCase() ?? '',
      'message-timestamp': now.toISOString().slice(0, 19).replace('T', ' '),
      timestamp: String(Math.floor(now.getTime() / 1000)),
      nonce: randomUUID(),
      ...(message.concat
        ? { concat: 'true', 'concat-ref': message.concat.ref, 'concat-total': String(message.concat.total), 'concat-part': String(message.concat.part) }
        : {}),
    };
    const signed = this.withSig(fields);
    const query = new URLSearchParams(signed).toString();
    const answer =
      method === 'GET'
        ? await callWebhook(`${url}${url.includes('?') ? '&' : '?'}${query}`, 'GET', undefined, {})
        : await callWebhook(url, 'POST', query, { 'content-type': 'application/x-www-form-urlencoded' });
    return { ...answer, fields };
  }
}
