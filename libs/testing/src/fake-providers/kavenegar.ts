import { randomBytes } from 'node:crypto';
import { callWebhook, FailureScript, postReport, type FakeResponse, type RecordedRequest, FakeProviderServer } from './fake-http-server';

export interface KavenegarFailure {
  status: number;
  message: string;
}

/**
 * Kavenegar `GET|POST /v1/{API-KEY}/sms/send.json` (receptor, sender, message, localid):
 * `{return: {status, message}, entries: [{messageid, message, status, statustext, sender, receptor, date, cost}]}`,
 * the HTTP status mirroring `return.status`. A repeated `localid` returns the original entry (no second send).
 */
export class FakeKavenegar extends FakeProviderServer {
  readonly failures = new FailureScript<KavenegarFailure>();
  readonly sent: Array<{ messageid: number; receptor: string; sender?: string; message: string; localid?: string }> = [];
  private nextId = 8_792_343;

  constructor(readonly apiKey: string) {
    super();
  }

  static async start(apiKey = randomBytes(20).toString('hex').toUpperCase()) {
    const fake = new FakeKavenegar(apiKey);
    await fake.http.start();
    return fake;
  }

  private fail(status: number, message: string): FakeResponse {
    return { status, body: { return: { status, message }, entries: null } };
  }

  protected route(request: RecordedRequest): FakeResponse {
    const match = /^\/v1\/([^/]+)\/sms\/send\.json$/.exec(request.path);
    if (!match) return this.fail(404, 'متد نامعتبر است');
    if (decodeURIComponent(match[1]) !== this.apiKey) return this.fail(403, 'کد شناسائی API-Key معتبر نمیباشد');
    const params = request.method === 'POST' ? new URLSearchParams(request.rawBody) : new URLSearchParams(request.url.split('?')[1] ?? '');
    const receptor = params.get('receptor');
    const message = params.get('message');
    if (!receptor || !message) return this.fail(400, 'پارامترها ناقص هستند');
    if (!/^(0|98)?9\d{9}$/.test(receptor)) return this.fail(411, 'دریافت کننده نامعتبر است');
    const failure = this.failures.take();
    if (failure) return this.fail(failure.status, failure.message);
    const localid = params.get('localid') ?? undefined;
    const existing = localid ? this.sent.find((entry) => entry.localid === localid) : undefined;
    const entry = existing ?? { messageid: this.nextId++, receptor, sender: params.get('sender') ?? undefined, message, localid };
    if (!existing) this.sent.push(entry);
    return {
      status: 200,
      body: {
        return: { status: 200, message: 'تایید شد' },
        entries: [
          {
            messageid: entry.messageid,
            message: entry.message,
            status: 1,
            statustext: 'در صف ارسال',
            sender: entry.sender ?? '10004346',
            receptor: entry.receptor,
            date: Math.floor(Date.now() / 1000),
            cost: 120,
          },
        ],
      },
    };
  }

  /**
   * A received SMS as Kavenegar forwards it to a line's receive URL (set in the panel): a form POST of messageid,
   * from (the sender, national form 09…), to (the line) and message. Kavenegar signs nothing; the URL carries
   * whatever secret it was set with. Returns the fields it sent, to send the same call again.
   */
  async sendReceivedMessage(url: string, message: { from: string; to: string; message: string; messageid?: string }) {
    const fields = { messageid: message.messageid ?? String(this.nextId++), from: message.from, to: message.to, message: message.message };
    const answer = await callWebhook(url, 'POST', new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    return { ...answer, fields };
  }

  /** Kavenegar's delivery callback: a form POST of `messageid` and `status` to the URL set in the panel. */
  sendDeliveryCallback(url: string, messageid: string, status: number) {
    return postReport(url, new URLSearchParams({ messageid, status: String(status) }).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
  }
}
