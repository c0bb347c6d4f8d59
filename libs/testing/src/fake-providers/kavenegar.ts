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
  /** Template names the account has (verify/lookup refuses others with 424). */
  readonly templates = new Set<string>();
  /** What verify/lookup sent: every field as received. */
  readonly lookups: Array<{ messageid: number; fields: Record<string, string> }> = [];
  /** The status `sms/status.json` answers for a message id, in turn per poll (the last repeats); default 4 (at the operator). */
  readonly statusScript = new Map<string, number[]>();
  private readonly statusPolls = new Map<string, number>();
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
    const match = /^\/v1\/([^/]+)\/(sms\/send|verify\/lookup|sms\/status)\.json$/.exec(request.path);
    if (!match) return this.fail(404, 'متد نامعتبر است');
    if (decodeURIComponent(match[1] as string) !== this.apiKey) return this.fail(403, 'کد شناسائی API-Key معتبر نمیباشد');
    const params = request.method === 'POST' ? new URLSearchParams(request.rawBody) : new URLSearchParams(request.url.split('?')[1] ?? '');
    if (match[2] === 'verify/lookup') return this.lookup(params);
    if (match[2] === 'sms/status') return this.status(params);
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
   * verify/lookup (receptor, template, token, token2, token3, token10, token20, type): 424 for a template the
   * account does not have, 431 for a token that breaks the documented structure (spaces in token/token2/token3,
   * more than 5 in token10 or 8 in token20, over 100 characters).
   */
  private lookup(params: URLSearchParams): FakeResponse {
    const receptor = params.get('receptor');
    const template = params.get('template');
    const token = params.get('token');
    if (!receptor || !template || !token) return this.fail(400, 'پارامترها ناقص هستند');
    if (!/^(0|98)?9\d{9}$/.test(receptor)) return this.fail(411, 'دریافت کننده نامعتبر است');
    if (!this.templates.has(template)) return this.fail(424, 'الگوی مورد نظر پیدا نشد');
    const limits: Record<string, number> = { token: 0, token2: 0, token3: 0, token10: 5, token20: 8 };
    for (const [name, spaces] of Object.entries(limits)) {
      const value = params.get(name);
      if (value !== null && (value.length > 100 || (value.match(/\s/g) ?? []).length > spaces)) return this.fail(431, 'ساختار کد صحیح نمی باشد');
    }
    const failure = this.failures.take();
    if (failure) return this.fail(failure.status, failure.message);
    const entry = { messageid: this.nextId++, fields: Object.fromEntries(params) };
    this.lookups.push(entry);
    return {
      status: 200,
      body: {
        return: { status: 200, message: 'تایید شد' },
        entries: [{ messageid: entry.messageid, message: template, status: 5, statustext: 'ارسال به مخابرات', sender: '10008566', receptor, date: Math.floor(Date.now() / 1000), cost: 120 }],
      },
    };
  }

  /** sms/status.json (messageid: comma-separated, at most 500): one entry per id, 100 for an id it never sent. */
  private status(params: URLSearchParams): FakeResponse {
    const ids = (params.get('messageid') ?? '').split(',').filter((id) => id !== '');
    if (ids.length === 0 || ids.length > 500) return this.fail(400, 'پارامترها ناقص هستند');
    const entries = ids.map((id) => {
      if (!/^\d+$/.test(id) || Number(id) >= this.nextId) return { messageid: Number(id), status: 100, statustext: 'شناسه پیامک نامعتبر است' };
      const polls = this.statusPolls.get(id) ?? 0;
      this.statusPolls.set(id, polls + 1);
      const script = this.statusScript.get(id) ?? [4];
      const status = script[Math.min(polls, script.length - 1)] as number;
      return { messageid: Number(id), status, statustext: status === 10 ? 'رسیده به گیرنده' : 'ارسال به مخابرات' };
    });
    return { status: 200, body: { return: { status: 200, message: 'تایید شد' }, entries } };
  }

  /** How many times sms/status.json was asked about a message. */
  statusPollsOf(messageId: string): number {
    return this.statusPolls.get(messageId) ?? 0;
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
