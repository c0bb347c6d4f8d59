import { FakePlivo, ReportReceiver } from '@zagel/testing';
import type { OutboundSms, ProviderAdapter } from '../../src/adapters/provider-adapter';
import { plivoAdapterFactory } from '../../src/adapters/plivo/plivo.adapter';

const sms = (overrides: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: '01931b6e-0000-7000-8000-000000000003',
  to: '+14155550100',
  body: 'Hello via Plivo',
  encoding: 'GSM-7',
  segments: 1,
  ...overrides,
});

describe('Plivo adapter against a local Plivo API', () => {
  let plivo: FakePlivo;
  let receiver: ReportReceiver;
  let adapter: ProviderAdapter;

  beforeAll(async () => {
    plivo = await FakePlivo.start();
    receiver = await ReportReceiver.start();
    adapter = plivoAdapterFactory.create(
      { authId: plivo.authId, authToken: plivo.authToken, from: '14155550199', apiBaseUrl: plivo.baseUrl },
      { reportUrl: receiver.url('/v1/webhooks/providers/acc-3'), onReport: () => undefined },
    );
  });

  afterAll(async () => {
    await adapter.close();
    await plivo.close();
    await receiver.close();
  });

  it('posts the message as JSON with Basic auth and the callback URL; returns the message_uuid', async () => {
    const { providerMessageId } = await adapter.send(sms());
    expect(providerMessageId).toMatch(/^[0-9a-f-]{36}$/);
    const request = plivo.requests.at(-1)!;
    expect(request.path).toBe(`/v1/Account/${plivo.authId}/Message/`);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${plivo.authId}:${plivo.authToken}`).toString('base64')}`);
    expect(JSON.parse(request.rawBody)).toMatchObject({
      src: '14155550199',
      dst: '14155550100',
      text: 'Hello via Plivo',
      url: receiver.url('/v1/webhooks/providers/acc-3'),
      method: 'POST',
    });
  });

  it('maps 400 to permanent, 429 and 5xx to transient', async () => {
    await expect(adapter.send(sms({ to: '+1' }))).rejects.toMatchObject({ kind: 'permanent', code: 'invalid_number', message: expect.stringMatching(/^Plivo http_400: /) });
    plivo.failures.failNext(1, { status: 429, error: 'too many requests' });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'http_429' });
    plivo.failures.failNext(1, { status: 500, error: 'internal error' });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'http_500' });
    await expect(adapter.send(sms())).resolves.toHaveProperty('providerMessageId');
  });

  it('verifies a V3-signed callback and parses it; rejects a changed body, URL or nonce', async () => {
    const url = `${receiver.url('/v1/webhooks/providers/acc-3')}?b=2&a=1`;
    await plivo.sendStatusCallback(url, { MessageUUID: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196', Status: 'undelivered', ErrorCode: '80', To: '14155550100' });
    const report = receiver.last();
    expect(adapter.verifyReport(report)).toBe(true);
    expect(adapter.parseReport(report)).toEqual([
      { providerMessageId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196', status: 'undelivered', errorCode: '80' },
    ]);
    expect(adapter.verifyReport({ ...report, rawBody: report.rawBody.replace('undelivered', 'delivered') })).toBe(false);
    expect(adapter.verifyReport({ ...report, url: report.url.replace('acc-3', 'acc-4') })).toBe(false);
    expect(adapter.verifyReport({ ...report, headers: { ...report.headers, 'x-plivo-signature-v3-nonce': 'other' } })).toBe(false);
  });

  it('verifies a V3-signed callback without query parameters', async () => {
    await plivo.sendStatusCallback(receiver.url('/v1/webhooks/providers/acc-3'), { MessageUUID: 'u-1', Status: 'delivered', ErrorCode: '000' });
    const report = receiver.last();
    expect(adapter.verifyReport(report)).toBe(true);
    expect(adapter.parseReport(report)).toEqual([{ providerMessageId: 'u-1', status: 'delivered' }]);
  });
});
