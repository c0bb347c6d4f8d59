import { randomBytes } from 'node:crypto';
import { callWebhook, FailureScript, postReport, type FakeResponse, type RecordedRequest, FakeProviderServer } from './fake-http-server';

export interface ClickatellFailure {
  http: number;
  errorCode: number;
  error: string;
  /** Reject the one message (HTTP 202, accepted false) instead of the whole request. */
  perMessage?: boolean;
}

/**
 * Clickatell Platform REST `POST /messages`: `Authorization: <API key>`, JSON `{messages: [{channel, to, content, from?}]}`;
 * 202 `{messages: [{apiMessageId, accepted, to, errorCode, error, errorDescription}], errorCode, error, errorDescription}`.
 */
export class FakeClickatell extends FakeProviderServer {
  readonly failures = new FailureScript<ClickatellFailure>();

  constructor(readonly apiKey: string) {
    super();
  }

  static async start(apiKey = randomBytes(16).toString('base64url')) {
    const fake = new FakeClickatell(apiKey);
    await fake.http.start();
    return fake;
  }

  private requestError(http: number, errorCode: number, error: string): FakeResponse {
    return { status: http, body: { messages: [], errorCode, error, errorDescription: error } };
  }

  protected route(request: RecordedRequest): FakeResponse {
    if (request.method !== 'POST' || request.path !== '/messages') return this.requestError(400, 41, 'Resource does not exist');
    if (request.headers.authorization !== this.apiKey) return this.requestError(401, 1, 'Invalid or missing Integration API Key');
    let body: { messages?: Array<{ channel?: string; to?: string; content?: string }> };
    try {
      body = JSON.parse(request.rawBody) as typeof body;
    } catch {
      return this.requestError(400, 21, 'Payload data is malformed');
    }
    const message = body.messages?.[0];
    if (!message || body.messages!.length > 1) return this.requestError(400, 22, 'Maximum messages per request payload exceeded');
    if (message.channel !== 'sms') return this.requestError(400, 39, 'Channel is not available on integration');
    if (!message.content) return this.requestError(400, 23, 'Invalid or missing parameter: content');
    if (!message.to || !/^[1-9]\d{6,14}$/.test(message.to)) {
      return { status: 202, body: { messages: [{ apiMessageId: null, accepted: false, to: message.to ?? '', errorCode: 25, error: 'Invalid recipient address', errorDescription: `Invalid recipient address: ${message.to}` }], errorCode: null, error: null, errorDescription: null } };
    }
    const failure = this.failures.take();
    if (failure?.perMessage) {
      return { status: 202, body: { messages: [{ apiMessageId: null, accepted: false, to: message.to, errorCode: failure.errorCode, error: failure.error, errorDescription: failure.error }], errorCode: null, error: null, errorDescription: null } };
    }
    if (failure) return this.requestError(failure.http, failure.errorCode, failure.error);
    const apiMessageId = randomBytes(16).toString('hex');
    return { status: 202, body: { messages: [{ apiMessageId, accepted: true, to: message.to, errorCode: null, error: null, errorDescription: null }], errorCode: null, error: null, errorDescription: null } };
  }

  /**
   * A reply (two-way) message as the integration's reply callback posts it (JSON): messageId, fromNumber,
   * toNumber, text, charset, timestamp. Returns the message it sent, to send the same callback again.
   */
  async sendReplyCallback(url: string, reply: { fromNumber: string; toNumber: string; text: string; messageId?: string }) {
    const message = {
      integrationName: 'zagel',
      messageId: reply.messageId ?? randomBytes(16).toString('hex'),
      replyMessageId: '',
      fromNumber: reply.fromNumber,
      toNumber: reply.toNumber,
      timestamp: Date.now(),
      text: reply.text,
      charset: 'UTF-8',
      udh: '',
      network: '',
      keyword: reply.text.trim().split(/\s+/)[0] ?? '',
    };
    const answer = await callWebhook(url, 'POST', JSON.stringify(message), { 'content-type': 'application/json' });
    return { ...answer, message };
  }

  /** A message status callback as the integration posts it (JSON). */
  sendStatusCallback(url: string, messageId: string, statusCode: number, status: string) {
    return postReport(
      url,
      JSON.stringify({ integrationName: 'zagel', messageId, requestId: randomBytes(8).toString('hex'), clientMessageId: '', to: '27820000000', from: '', statusCode, status, statusDescription: status, timestamp: Date.now() }),
      { 'content-type': 'application/json' },
    );
  }
}
