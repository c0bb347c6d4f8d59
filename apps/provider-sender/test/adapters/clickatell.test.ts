import { FakeClickatell, ReportReceiver } from '@zagel/testing';
import type { OutboundSms, ProviderAdapter } from '../../src/adapters/provider-adapter';
import { clickatellAdapterFactory } from '../../src/adapters/clickatell/clickatell.adapter';

const sms = (overrides: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: '01931b6e-0000-7000-8000-000000000007',
  to: '+27820000000',
  body: 'Hello via Clickatell',
  encoding: 'GSM-7',
  segments: 1,
  ...overrides,
});

const REPORT_TOKEN = 'clickatell-token-0123456789';

describe('Clickatell adapter against a local Platform REST API', () => {
  let clickatell: FakeClickatell;
  let receiver: ReportReceiver;
  let adapter: ProviderAdapter;

  beforeAll(async () => {
    clickatell = await FakeClickatell.start();
    receiver = await ReportReceiver.start();
    adapter = clickatellAdapterFactory.create({ apiKey: clickatell.apiKey, reportToken: REPORT_TOKEN, baseUrl: clickatell.baseUrl }, { onReport: () => undefined });
  });

  afterAll(async () => {
    await adapter.close();
    await clickatell.close();
    await receiver.close();
  });

  it('posts one sms message with the API key as Authorization and returns the apiMessageId', async () => {
    const { providerMessageId } = await adapter.send(sms());
    expect(providerMessageId).toMatch(/^[0-9a-f]{32}$/);
    const request = clickatell.requests.at(-1)!;
    expect(request.headers.authorization).toBe(clickatell.apiKey);
    expect(JSON.parse(request.rawBody)).toEqual({
      messages: [{ channel: 'sms', to: '27820000000', content: 'Hello via Clickatell', clientMessageId: '01931b6e-0000-7000-8000-000000000007' }],
    });
  });

  it('maps a rejected recipient (25) to permanent; rate limit (43), internal (19) and balance (20) to transient', async () => {
    await expect(adapter.send(sms({ to: '+1' }))).rejects.toMatchObject({ kind: 'permanent', code: 'invalid_number', message: expect.stringMatching(/^Clickatell 25: /) });
    clickatell.failures.failNext(1, { http: 400, errorCode: 43, error: 'Rate limit' });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: '43' });
    clickatell.failures.failNext(1, { http: 503, errorCode: 19, error: 'Internal error, please retry' });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: '19' });
    clickatell.failures.failNext(1, { http: 202, errorCode: 20, error: 'Insufficient account balance', perMessage: true });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: '20' });
    clickatell.failures.failNext(1, { http: 202, errorCode: 26, error: 'Recipient opted out', perMessage: true });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'permanent', code: '26' });
  });

  it('parses a status callback on the tokened URL; refuses the token-less one', async () => {
    await clickatell.sendStatusCallback(receiver.url(`/v1/webhooks/providers/acc-7?token=${REPORT_TOKEN}`), 'abc123', 4, 'RECEIVED_BY_RECIPIENT');
    const report = receiver.last();
    expect(adapter.verifyReport(report)).toBe(true);
    expect(adapter.parseReport(report)).toEqual([{ providerMessageId: 'abc123', status: 'delivered', at: expect.any(String) }]);
    await clickatell.sendStatusCallback(receiver.url('/v1/webhooks/providers/acc-7'), 'abc123', 7, 'ERROR_DELIVERING');
    expect(adapter.verifyReport(receiver.last())).toBe(false);
    expect(adapter.parseReport(receiver.last())[0]).toMatchObject({ status: 'undelivered', errorCode: '7' });
  });
});
