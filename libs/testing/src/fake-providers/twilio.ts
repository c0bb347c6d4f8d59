import { createHash, createHmac, randomBytes } from 'node:crypto';
import { basicCredentials, callWebhook, FailureScript, postReport, type FakeResponse, type RecordedRequest, FakeProviderServer } from './fake-http-server';

export interface TwilioFailure {
  status: number;
  code: number;
  message: string;
}

/**
 * Twilio's Programmable Messaging REST API as documented: `POST /2010-04-01/Accounts/{Sid}/Messages.json`,
 * form-encoded, HTTP Basic (Account SID, Auth Token); 201 with the Message resource, errors as
 * `{code, message, more_info, status}`. Signs status callbacks with its own HMAC-SHA1 (not the SDK's).
 */
export class FakeTwilio extends FakeProviderServer {
  readonly failures = new FailureScript<TwilioFailure>();
  readonly messages: Array<{ sid: string; to: string; from?: string; body: string; statusCallback?: string }> = [];

  constructor(
    readonly accountSid: string,
    readonly authToken: string,
  ) {
    super();
  }

  static async start(accountSid = `AC${randomBytes(16).toString('hex')}`, authToken = randomBytes(16).toString('hex')) {
    const fake = new FakeTwilio(accountSid, authToken);
    await fake.http.start();
    return fake;
  }

  protected route(request: RecordedRequest): FakeResponse {
    const path = `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
    if (request.method !== 'POST' || request.path !== path) return this.error(404, 20404, 'The requested resource was not found');
    const credentials = basicCredentials(request.headers.authorization);
    if (credentials?.user !== this.accountSid || credentials.password !== this.authToken) {
      return this.error(401, 20003, 'Authenticate');
    }
    if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return this.error(400, 20001, 'Expected a form-encoded body');
    }
    const form = new URLSearchParams(request.rawBody);
    const to = form.get('To');
    const body = form.get('Body');
    const from = form.get('From') ?? undefined;
    if (!to) return this.error(400, 21604, "A 'To' phone number is required.");
    if (!from && !form.get('MessagingServiceSid')) return this.error(400, 21603, "A 'From' phone number is required.");
    if (!body) return this.error(400, 21602, 'Message body is required.');
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return this.error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    const failure = this.failures.take();
    if (failure) return this.error(failure.status, failure.code, failure.message);
    const sid = `SM${randomBytes(16).toString('hex')}`;
    this.messages.push({ sid, to, from, body, statusCallback: form.get('StatusCallback') ?? undefined });
    const now = new Date().toUTCString();
    return {
      status: 201,
      body: {
        sid,
        account_sid: this.accountSid,
        messaging_service_sid: form.get('MessagingServiceSid'),
        to,
        from,
        body,
        status: 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        date_created: now,
        date_updated: now,
        date_sent: null,
        error_code: null,
        error_message: null,
        api_version: '2010-04-01',
        uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
      },
    };
  }

  private error(status: number, code: number, message: string): FakeResponse {
    return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
  }

  /** Twilio's documented scheme: base64(HMAC-SHA1(authToken, url + each POST key and value, keys sorted)). */
  signature(url: string, params: Record<string, string> = {}): string {
    const data = Object.keys(params)
      .sort()
      .reduce((acc, key) => acc + key + params[key], url);
    return createHmac('sha1', this.authToken).update(Buffer.from(data, 'utf8')).digest('base64');
  }

  /** POST a form-encoded StatusCallback, signed. */
  sendStatusCallback(url: string, params: Record<string, string>) {
    const body = new URLSearchParams(params).toString();
    return postReport(url, body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': this.signature(url, params),
    });
  }

  /**
   * An incoming message as Twilio posts it to a number's messaging webhook: form-encoded, every documented field
   * (MessageSid, AccountSid, From, To, Body, NumMedia, NumSegments...), signed. Returns the fields it sent, so a
   * test can send the very same webhook again (Twilio retries one it got no answer to).
   */
  async sendIncomingMessage(url: string, message: { From: string; To: string; Body: string; MessageSid?: string }) {
    const sid = message.MessageSid ?? `SM${randomBytes(16).toString('hex')}`;
    const params: Record<string, string> = {
      ToCountry: 'US',
      SmsMessageSid: sid,
      NumMedia: '0',
      SmsSid: sid,
      SmsStatus: 'received',
      To: message.To,
      NumSegments: '1',
      MessageSid: sid,
      AccountSid: this.accountSid,
      From: message.From,
      ApiVersion: '2010-04-01',
      Body: message.Body,
    };
    const answer = await callWebhook(url, 'POST', new URLSearchParams(params).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': this.signature(url, params),
    });
    return { ...answer, params, messageSid: sid };
  }

  /** POST a JSON callback the way Twilio signs JSON bodies: `bodySHA256` (hex) appended to the URL, the URL signed. */
  sendJsonCallback(url: string, payload: unknown) {
    const body = JSON.stringify(payload);
    const signedUrl = new URL(url);
    signedUrl.searchParams.set('bodySHA256', createHash('sha256').update(body).digest('hex'));
    return postReport(signedUrl.toString(), body, {
      'content-type': 'application/json',
      'x-twilio-signature': this.signature(signedUrl.toString()),
    });
  }
}
