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
  /** Template ids the account has (verify refuses others with status 113). */
  readonly templates = new Set<number>();
  /** What verify sent: the template and parameters as received. */
  readonly verified: Array<{ messageId: number; mobile: string; templateId: number; parameters: Array<{ name: string; value: string }> }> = [];
  /**
   * The `deliveryState` the report API answers for a message id, in turn per poll (the last one repeats); a
   * message without a script reports 5 (at the operator) forever.
   */
  readonly deliveryScript = new Map<string, number[]>();
  private readonly reportPolls = new Map<string, number>();
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
    if (request.headers['x-api-key'] !== this.apiKey) return this.answer(401, 10, 'کلید وب سرویس نامعتبر است');
    if (request.method === 'POST' && request.path === '/v1/send/verify') return this.verify(request);
    const report = /^\/v1\/send\/(\d+)$/.exec(request.path);
    if (request.method === 'GET' && report) return this.report(report[1] as string);
    if (request.method !== 'POST' || request.path !== '/v1/send/bulk') return this.answer(404, 0, 'یافت نشد');
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

  /**
   * `POST /v1/send/verify` {mobile, templateId, parameters: [{name, value}]}: data `{messageId, cost}`; 113 for a template
   * the account does not have, 114 for a parameter value over 25 characters, 116 for a parameter without a value.
   */
  private verify(request: RecordedRequest): FakeResponse {
    let body: { mobile?: unknown; templateId?: unknown; parameters?: unknown };
    try {
      body = JSON.parse(request.rawBody) as typeof body;
    } catch {
      return this.answer(400, 0, 'درخواست نامعتبر است');
    }
    if (typeof body.mobile !== 'string' || !/^09\d{9}$/.test(body.mobile)) return this.answer(400, 104, 'شماره موبایل نامعتبر است');
    if (typeof body.templateId !== 'number' || !this.templates.has(body.templateId)) return this.answer(400, 113, 'قالب یافت نشد');
    const parameters = Array.isArray(body.parameters) ? (body.parameters as Array<{ name?: unknown; value?: unknown }>) : [];
    if (parameters.some((parameter) => typeof parameter.name !== 'string' || typeof parameter.value !== 'string' || parameter.value === '')) {
      return this.answer(400, 116, 'نام یک یا چند پارامتر مقداردهی نشده است');
    }
    if (parameters.some((parameter) => (parameter.value as string).length > 25)) return this.answer(400, 114, 'طول مقدار پارامتر بیش از حد مجاز است');
    const failure = this.failures.take();
    if (failure) return this.answer(failure.http, failure.status, failure.message);
    const messageId = this.nextMessageId++;
    this.verified.push({ messageId, mobile: body.mobile, templateId: body.templateId, parameters: parameters as Array<{ name: string; value: string }> });
    return this.answer(200, 1, 'موفق', { messageId, cost: 1 });
  }

  /** `GET /v1/send/{messageId}`: the message's report, its `deliveryState` from `deliveryScript`. */
  private report(messageId: string): FakeResponse {
    if (Number(messageId) >= this.nextMessageId) return this.answer(400, 0, 'پیامک یافت نشد');
    const polls = this.reportPolls.get(messageId) ?? 0;
    this.reportPolls.set(messageId, polls + 1);
    const script = this.deliveryScript.get(messageId) ?? [5];
    const deliveryState = script[Math.min(polls, script.length - 1)];
    return this.answer(200, 1, 'موفق', {
      messageId: Number(messageId),
      mobile: this.verified.find((entry) => String(entry.messageId) === messageId)?.mobile ?? null,
      deliveryState,
      deliveryDateTime: deliveryState === 1 ? Math.floor(Date.now() / 1000) : null,
    });
  }

  /** How many times the report API was asked about a message. */
  reportPollsOf(messageId: string): number {
    return this.reportPolls.get(messageId) ?? 0;
  }
}
