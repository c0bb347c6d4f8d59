import { FakeTwilio, ReportReceiver } from '@zagel/testing';
import { ProviderError, type OutboundSms, type ProviderAdapter } from '../../src/adapters/provider-adapter';
import { twilioAdapterFactory } from '../../src/adapters/twilio/twilio.adapter';

const sms = (overrides: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: '01931b6e-0000-7000-8000-000000000001',
  to: '+14155550100',
  body: 'Your code is 123456',
  encoding: 'GSM-7',
  segments: 1,
  ...overrides,
});

describe('Twilio adapter against a local Twilio API', () => {
  let twilio: FakeTwilio;
  let receiver: ReportReceiver;
  let adapter: ProviderAdapter;

  beforeAll(async () => {
    twilio = await FakeTwilio.start();
    receiver = await ReportReceiver.start();
    adapter = twilioAdapterFactory.create(
      { accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+14155550199', apiBaseUrl: twilio.baseUrl },
      { reportUrl: receiver.url('/v1/webhooks/providers/acc-1'), onReport: () => undefined },
    );
  });

  afterAll(async () => {
    await adapter.close();
    await twilio.close();
    await receiver.close();
  });

  it('creates the message with Basic auth, form fields and the status callback, and returns its SID', async () => {
    const result = await adapter.send(sms());
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    const request = twilio.requests.at(-1)!;
    expect(request.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`,
    );
    const form = new URLSearchParams(request.rawBody);
    expect(form.get('To')).toBe('+14155550100');
    expect(form.get('From')).toBe('+14155550199');
    expect(form.get('Body')).toBe('Your code is 123456');
    expect(form.get('StatusCallback')).toBe(receiver.url('/v1/webhooks/providers/acc-1'));
  });

  it('maps an invalid number (21211) to the permanent invalid_number', async () => {
    const error = await adapter.send(sms({ to: '+1234' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'permanent', code: 'invalid_number', message: expect.stringMatching(/^Twilio 21211: /) });
  });

  it('maps throttling (20429) and 5xx to transient errors', async () => {
    twilio.failures.failNext(1, { status: 429, code: 20429, message: 'Too Many Requests' });
    twilio.failures.failNext(1, { status: 503, code: 20500, message: 'Service unavailable' });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: '20429' });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: '20500' });
    await expect(adapter.send(sms())).resolves.toHaveProperty('providerMessageId');
  });

  it('treats wrong credentials as transient (the account is broken, not the message)', async () => {
    const broken = twilioAdapterFactory.create(
      { accountSid: twilio.accountSid, authToken: 'wrong', from: '+14155550199', apiBaseUrl: twilio.baseUrl },
      { onReport: () => undefined },
    );
    await expect(broken.send(sms())).rejects.toMatchObject({ kind: 'transient', code: '20003' });
  });

  it('accepts a signed form StatusCallback and parses it; rejects a tampered body or URL', async () => {
    const url = receiver.url('/v1/webhooks/providers/acc-1');
    await twilio.sendStatusCallback(url, { MessageSid: 'SM0123', MessageStatus: 'undelivered', ErrorCode: '30005' });
    const report = receiver.last();
    expect(adapter.verifyReport(report)).toBe(true);
    expect(adapter.parseReport(report)).toEqual([{ providerMessageId: 'SM0123', status: 'undelivered', errorCode: '30005' }]);
    expect(adapter.verifyReport({ ...report, rawBody: report.rawBody.replace('undelivered', 'delivered') })).toBe(false);
    expect(adapter.verifyReport({ ...report, url: `${url}?x=1` })).toBe(false);
    expect(adapter.verifyReport({ ...report, headers: { ...report.headers, 'x-twilio-signature': '' } })).toBe(false);
  });

  it('verifies the JSON body variant (bodySHA256 in the URL) and rejects a changed body', async () => {
    await twilio.sendJsonCallback(receiver.url('/v1/webhooks/providers/acc-1'), {
      MessageSid: 'SM0456',
      MessageStatus: 'delivered',
    });
    const report = receiver.last();
    expect(report.url).toContain('bodySHA256=');
    expect(adapter.verifyReport(report)).toBe(true);
    expect(adapter.parseReport(report)).toEqual([{ providerMessageId: 'SM0456', status: 'delivered' }]);
    expect(adapter.verifyReport({ ...report, rawBody: report.rawBody.replace('delivered', 'failed') })).toBe(false);
  });

  it('maps every Twilio status', () => {
    const statuses = { queued: 'sent', sending: 'sent', sent: 'sent', delivered: 'delivered', undelivered: 'undelivered', failed: 'failed' };
    for (const [twilioStatus, ours] of Object.entries(statuses)) {
      const rawBody = new URLSearchParams({ MessageSid: 'SM1', MessageStatus: twilioStatus }).toString();
      const request = { method: 'POST', url: 'https://x/r', headers: {}, rawBody, query: {} };
      expect(adapter.parseReport(request)[0].status).toBe(ours);
    }
  });
});
