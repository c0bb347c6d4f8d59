import { FakeVonage, ReportReceiver } from '@zagel/testing';
import type { OutboundSms, ProviderAdapter } from '../../src/adapters/provider-adapter';
import { vonageAdapterFactory } from '../../src/adapters/vonage/vonage.adapter';

const sms = (overrides: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: '01931b6e-0000-7000-8000-000000000002',
  to: '+447700900000',
  body: 'Hello from Zagel',
  encoding: 'GSM-7',
  segments: 1,
  ...overrides,
});

describe('Vonage adapter against a local SMS API', () => {
  let vonage: FakeVonage;
  let receiver: ReportReceiver;
  let adapter: ProviderAdapter;

  beforeAll(async () => {
    vonage = await FakeVonage.start();
    receiver = await ReportReceiver.start();
    adapter = vonageAdapterFactory.create(
      {
        apiKey: vonage.apiKey,
        apiSecret: vonage.apiSecret,
        signatureSecret: vonage.signatureSecret,
        signatureMethod: 'SHA256HMAC',
        from: 'Zagel',
        restHost: vonage.baseUrl,
      },
      { reportUrl: receiver.url('/v1/webhooks/providers/acc-2'), onReport: () => undefined },
    );
  });

  afterAll(async () => {
    await adapter.close();
    await vonage.close();
    await receiver.close();
  });

  it('submits with the account credentials, client-ref and callback; returns the message-id', async () => {
    const { providerMessageId } = await adapter.send(sms({ body: 'سلام', encoding: 'UCS-2' }));
    expect(providerMessageId).toMatch(/^[0-9a-f-]{36}$/);
    const request = vonage.requests.at(-1)!;
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${vonage.apiKey}:${vonage.apiSecret}`).toString('base64')}`);
    expect(FakeVonage.fields(request)).toMatchObject({
      to: '447700900000',
      from: 'Zagel',
      text: 'سلام',
      type: 'unicode',
      'client-ref': '01931b6e-0000-7000-8000-000000000002',
      callback: receiver.url('/v1/webhooks/providers/acc-2'),
      'status-report-req': 'true',
    });
  });

  it('maps SMS API statuses: invalid message permanent, throttled transient, HTTP 5xx transient', async () => {
    await expect(adapter.send(sms({ to: '+1' }))).rejects.toMatchObject({ kind: 'permanent', code: '3' });
    vonage.failures.failNext(1, { status: '1', errorText: 'Throughput Rate Exceeded' });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: '1' });
    vonage.failures.failNext(1, { status: '7', errorText: 'Number barred' });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'permanent', code: 'blocked_number' });
    vonage.failures.failNext(1, { status: '', errorText: 'bad gateway', http: 502 });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'http_502' });
    await expect(adapter.send(sms())).resolves.toHaveProperty('providerMessageId');
  });

  it('wrong credentials (status 4) are transient: the account is broken, not the message', async () => {
    const broken = vonageAdapterFactory.create(
      { apiKey: vonage.apiKey, apiSecret: 'nope', signatureSecret: 'x', from: 'Zagel', restHost: vonage.baseUrl },
      { onReport: () => undefined },
    );
    await expect(broken.send(sms())).rejects.toMatchObject({ kind: 'transient', code: '4' });
  });

  const receipt = {
    msisdn: '447700900000',
    to: 'Zagel',
    'network-code': '23410',
    messageId: '0A0000001234567B',
    price: '0.03330000',
    status: 'delivered',
    scts: '2611301200',
    'err-code': '0',
    'api-key': 'abcd1234',
    'message-timestamp': '2026-11-30 12:00:05',
  };

  it('accepts a signed-webhook (JWT) receipt and parses it; rejects a changed body or a token from another secret', async () => {
    await vonage.sendSignedReceipt(receiver.url('/v1/webhooks/providers/acc-2'), { ...receipt, status: 'expired', 'err-code': '5' });
    const report = receiver.last();
    expect(adapter.verifyReport(report)).toBe(true);
    expect(adapter.parseReport(report)).toEqual([
      { providerMessageId: '0A0000001234567B', status: 'undelivered', errorCode: '5', at: '2026-11-30T12:00:05.000Z' },
    ]);
    expect(adapter.verifyReport({ ...report, rawBody: report.rawBody.replace('expired', 'delivered') })).toBe(false);
    const other = await FakeVonage.start();
    const forged = { ...report, headers: { ...report.headers, authorization: `Bearer ${other.signedWebhookToken(report.rawBody)}` } };
    expect(adapter.verifyReport(forged)).toBe(false);
    await other.close();
  });

  it('accepts a sig-signed form receipt; rejects a tampered one', async () => {
    await vonage.sendSigReceipt(receiver.url('/v1/webhooks/providers/acc-2'), receipt);
    const report = receiver.last();
    expect(adapter.verifyReport(report)).toBe(true);
    expect(adapter.parseReport(report)[0]).toMatchObject({ providerMessageId: '0A0000001234567B', status: 'delivered' });
    expect(adapter.verifyReport({ ...report, rawBody: report.rawBody.replace('delivered', 'failed') })).toBe(false);
  });
});
