import { randomBytes } from 'node:crypto';
import { callWebhook, FailureScript, type FakeResponse, type RecordedRequest, FakeProviderServer } from './fake-http-server';

export interface SmsIrFailure {
  http: number;
  status: number;
  message: string;
  retryAfterSeconds?: number;
}

/**
 * SMS.IR REST v1 `POST /v1/send/bulk`: `X-API-KEY` header, JSON `{lineNumber, messageText, mobiles, sendDateTime}`;
 * every answer is `{status, message, data}` (status 1 = success, data `{packId, messageIds, cost}`),
 * with HTTP 400 for logical errors, 401 for authentication, 429 for too many requests.
 */
export class FakeSmsIr extends FakeProviderServer {
  readonly failures = new FailureScript<SmsIrFailure>();
  private nextMessageId = 30_004_505_000_027;

  constructor(
    readonly apiKey: string,
    readonly lineNumber: string,
  ) {
    super();
  }

  static async start(apiKey = randomBytes(24).toString('base64url'), lineNumber = '30007732000000') {
    const fake = new FakeSmsIr(apiKey, lineNumber);
    await fake.http.start();
    return fake;
  }

  /**
   * A received message as SMS.IR's receive webhook posts it (JSON, the fields of its received-message model):
   * mobile (the sender, without the leading 0), number (the line), messageText, receivedDateTime (Unix seconds).
   * SMS.IR signs nothing; the URL carries whatever secret it was set with. Returns the message it sent.
   */
  async sendReceivedMessage(url: string, message: { mobile: string; messageText: string; number?: string; receivedDateTime?: number }) {
    const received = {
      mobile: message.mobile,
      number: message.number ?? this.lineNumber,
      messageText: message.messageText,
      receivedDateTime: message.receivedDateTime ?? Math.floor(Date.now() / 1000),
    };
    const answer = await callWebhook(url, 'POST', JSON.stringify(received), { 'content-type': 'application/json' });
    return { ...answer, received };
  }

  private answer(http: number, status: number, message: string, data: unknown = null, headers?: Record<string, string>): FakeResponse {
    return { status: http, body: { status, message, data }, headers };
  }

  protected route(request: RecordedRequest): FakeResponse {
    if (request.method !== 'POST' || request.path !== '/v1/send/bulk') return this.answer(404, 0, 'یافت نشد');
    if (request.headers['x-api-key'] !== this.apiKey) return this.answer(401, 10, 'کلید وب سرویس نامعتبر است');
    let body: { lineNumber?: unknown; messageText?: unknown; mobiles?: unknown };
    try {
      body = JSON.parse(request.rawBody) as typeof body;
    } catch {
      return this.answer(400, 0, 'درخواست نامعتبر است');
    }
    if (String(body.lineNumber) !== this.lineNumber) return this.answer(400, 101, 'شماره خط نامعتبر است');
    if (typeof body.messageText !== 'string' || body.messageText.length === 0) return this.answer(400, 103, 'متن پیام خالی است');
    if (!Array.isArray(body.mobiles) || body.mobiles.length === 0 || body.mobiles.length > 100) {
      return this.answer(400, 105, 'تعداد موبایل ها نامعتبر است');
    }
    if (!body.mobiles.every((mobile) => typeof mobile === 'string' && /^09\d{9}$/.test(mobile))) {
      return this.answer(400, 104, 'شماره موبایل نامعتبر است');
    }
    const failure = this.failures.take();
    if (failure) {
      const headers = failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : undefined;
      return this.answer(failure.http, failure.status, failure.message, null, headers);
    }
    const messageIds = body.mobiles.map(() => this.nextMessageId++);
    return this.answer(200, 1, 'موفق', { packId: `${randomBytes(16).toString('hex')}`, messageIds, cost: messageIds.length });
  }
}
