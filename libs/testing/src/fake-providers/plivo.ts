import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { basicCredentials, callWebhook, FailureScript, postReport, type FakeResponse, type RecordedRequest, FakeProviderServer } from './fake-http-server';

export interface PlivoFailure {
  status: number;
  error: string;
}

/**
 * Plivo's Message API as documented: `POST /v1/Account/{auth_id}/Message/` with a JSON body
 * (`src` or `powerpack_uuid`, `dst`, `text`, optional `url`/`method`), HTTP Basic (Auth ID, Auth Token);
 * 202 `{api_id, message, message_uuid: [...]}`, errors `{api_id, error}`. Signs callbacks with signature V3.
 */
export class FakePlivo extends FakeProviderServer {
  readonly failures = new FailureScript<PlivoFailure>();

  constructor(
    readonly authId: string,
    readonly authToken: string,
  ) {
    super();
  }

  static async start(authId = `MA${randomBytes(9).toString('hex').toUpperCase()}`, authToken = randomBytes(20).toString('hex')) {
    const fake = new FakePlivo(authId, authToken);
    await fake.http.start();
    return fake;
  }

  protected route(request: RecordedRequest): FakeResponse {
    const apiId = randomUUID();
    if (request.method !== 'POST' || request.path !== `/v1/Account/${this.authId}/Message/`) {
      return { status: 404, body: { api_id: apiId, error: 'not found' } };
    }
    const credentials = basicCredentials(request.headers.authorization);
    if (credentials?.user !== this.authId || credentials.password !== this.authToken) {
      return { status: 401, body: { api_id: apiId, error: 'authentication failed' } };
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.rawBody) as Record<string, unknown>;
    } catch {
      return { status: 400, body: { api_id: apiId, error: 'invalid json data' } };
    }
    if (!body.src && !body.powerpack_uuid && !body.powerpackUUID) return { status: 400, body: { api_id: apiId, error: 'src parameter not present' } };
    if (typeof body.dst !== 'string' || typeof body.text !== 'string') {
      return { status: 400, body: { api_id: apiId, error: 'dst and text are required' } };
    }
    if (!/^[1-9]\d{6,14}$/.test(body.dst)) return { status: 400, body: { api_id: apiId, error: `${body.dst} is not a valid phone number` } };
    const failure = this.failures.take();
    if (failure) return { status: failure.status, body: { api_id: apiId, error: failure.error } };
    return { status: 202, body: { api_id: apiId, message: 'message(s) queued', message_uuid: [randomUUID()] } };
  }

  /**
   * Signature V3 as Plivo documents it: the URL with its query sorted; for a POST with parameters, `?`
   * (or the sorted query followed by `.`) then each parameter's key and value concatenated in key order;
   * then `.` and the nonce; HMAC-SHA256 with the Auth Token, base64.
   */
  signatureV3(method: 'GET' | 'POST', url: string, nonce: string, params: Record<string, string> = {}): string {
    const parsed = new URL(url);
    const query = [...parsed.searchParams.entries()].sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a < b ? -1 : 1));
    const base = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
    const queryString = query.map(([key, value]) => `${key}=${value}`).join('&');
    let signed: string;
    if (method === 'GET' || Object.keys(params).length === 0) {
      signed = queryString ? `${base}?${queryString}` : base;
    } else {
      const paramString = Object.keys(params)
        .sort()
        .map((key) => `${key}${params[key]}`)
        .join('');
      signed = `${base}?${queryString}${queryString ? '.' : ''}${paramString}`;
    }
    return createHmac('sha256', this.authToken).update(`${signed}.${nonce}`).digest('base64');
  }

  /**
   * An incoming SMS as Plivo posts it to the number's application message URL: form-encoded From, To, Type, Text,
   * MessageUUID (and Units, TotalRate, TotalAmount, MessageIntent, PowerpackUUID), with `X-Plivo-Signature-V3`.
   * Returns the fields it sent, to send the same webhook again.
   */
  async sendIncomingMessage(url: string, message: { From: string; To: string; Text: string; MessageUUID?: string }) {
    const params: Record<string, string> = {
      From: message.From,
      To: message.To,
      Type: 'sms',
      Text: message.Text,
      MessageUUID: message.MessageUUID ?? randomUUID(),
      Units: '1',
      TotalRate: '0',
      TotalAmount: '0',
      MessageIntent: '',
      PowerpackUUID: '',
    };
    const nonce = randomBytes(10).toString('hex');
    const answer = await callWebhook(url, 'POST', new URLSearchParams(params).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-plivo-signature-v3': this.signatureV3('POST', url, nonce, params),
      'x-plivo-signature-v3-nonce': nonce,
    });
    return { ...answer, params };
  }

  /** POST a form-encoded message status callback with `X-Plivo-Signature-V3` and its nonce. */
  sendStatusCallback(url: string, params: Record<string, string>) {
    const nonce = randomBytes(10).toString('hex');
    return postReport(url, new URLSearchParams(params).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-plivo-signature-v3': this.signatureV3('POST', url, nonce, params),
      'x-plivo-signature-v3-nonce': nonce,
    });
  }
}
