import { createHmac, randomBytes } from 'node:crypto';
import { callWebhook, FailureScript, postReport, type FakeResponse, type RecordedRequest, FakeProviderServer } from './fake-http-server';

export interface HttpGatewayFailure {
  http: number;
  code: string;
}

/**
 * A typical plain-HTTP SMS gateway, to exercise the generic `http` adapter's templates and rules:
 * - `POST /api/v2/sms` with `Authorization: Bearer <token>` and JSON `{to, text, sender, ref, callback}`;
 * - `POST /form/send` with a form body `user, pass, to, text`;
 * both answer `{ok: true, result: {id}}` or `{ok: false, error: {code}}` (HTTP 200 for a refused number, like many
 * gateways). Reports are JSON `{events: [{id, state, reason}]}`, signed `X-Signature: sha256=<hex HMAC-SHA256 of the body>`.
 */
export class FakeHttpGateway extends FakeProviderServer {
  readonly failures = new FailureScript<HttpGatewayFailure>();

  constructor(
    readonly token: string,
    readonly signingSecret: string,
  ) {
    super();
  }

  static async start(token = randomBytes(16).toString('hex'), signingSecret = randomBytes(24).toString('hex')) {
    const fake = new FakeHttpGateway(token, signingSecret);
    await fake.http.start();
    return fake;
  }

  private refuse(http: number, code: string): FakeResponse {
    return { status: http, body: { ok: false, error: { code } } };
  }

  protected route(request: RecordedRequest): FakeResponse {
    let to: string | undefined;
    let text: string | undefined;
    if (request.method === 'POST' && request.path === '/api/v2/sms') {
      if (request.headers.authorization !== `Bearer ${this.token}`) return this.refuse(401, 'UNAUTHORIZED');
      if (!request.headers['content-type']?.startsWith('application/json')) return this.refuse(415, 'JSON_REQUIRED');
      let body: { to?: string; text?: string };
      try {
        body = JSON.parse(request.rawBody) as typeof body;
      } catch {
        return this.refuse(400, 'MALFORMED_JSON');
      }
      ({ to, text } = body);
    } else if (request.method === 'POST' && request.path === '/form/send') {
      const form = new URLSearchParams(request.rawBody);
      if (form.get('user') !== 'zagel' || form.get('pass') !== this.token) return this.refuse(401, 'UNAUTHORIZED');
      to = form.get('to') ?? undefined;
      text = form.get('text') ?? undefined;
    } else {
      return this.refuse(404, 'NOT_FOUND');
    }
    if (!text) return this.refuse(400, 'EMPTY_TEXT');
    if (!to || !/^\+[1-9]\d{6,14}$/.test(to)) return this.refuse(200, 'INVALID_NUMBER');
    const failure = this.failures.take();
    if (failure) return this.refuse(failure.http, failure.code);
    return { status: 200, body: { ok: true, result: { id: `gw-${randomBytes(6).toString('hex')}` } } };
  }

  /** An HTTP gateway account's settings for this fake: JSON sends, and the inbound messages `sendInbound` posts. */
  inboundAccountSettings() {
    return {
      method: 'POST' as const,
      urlTemplate: `${this.baseUrl}/api/v2/sms`,
      bodyFormat: 'json' as const,
      providerIdPath: 'result.id',
      inboundIdPath: 'message.id',
      inboundFromPath: 'message.from',
      inboundToPath: 'message.to',
      inboundBodyPath: 'message.text',
      reportSigningSecret: this.signingSecret,
      reportSignatureHeader: 'X-Signature',
      reportSignaturePrefix: 'sha256=',
    };
  }

  /** POST a signed inbound message `{message: {id, from, to, text}}`; returns it, to send the same call again. */
  async sendInbound(url: string, inbound: { from: string; to: string; text: string; id?: string }) {
    const message = { id: inbound.id ?? `mo-${randomBytes(6).toString('hex')}`, from: inbound.from, to: inbound.to, text: inbound.text };
    const body = JSON.stringify({ message });
    const signature = createHmac('sha256', this.signingSecret).update(body).digest('hex');
    const answer = await callWebhook(url, 'POST', body, { 'content-type': 'application/json', 'x-signature': `sha256=${signature}` });
    return { ...answer, message };
  }

  /** POST signed delivery events. */
  sendEvents(url: string, events: Array<{ id: string; state: string; reason?: string }>) {
    const body = JSON.stringify({ events });
    const signature = createHmac('sha256', this.signingSecret).update(body).digest('hex');
    return postReport(url, body, { 'content-type': 'application/json', 'x-signature': `sha256=${signature}` });
  }
}
