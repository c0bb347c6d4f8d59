import { FakeSmsIr } from '@zagel/testing';
import type { OutboundSms, ProviderAdapter } from '../../src/adapters/provider-adapter';
import { smsIrAdapterFactory } from '../../src/adapters/smsir/smsir.adapter';

const sms = (overrides: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: '01931b6e-0000-7000-8000-000000000005',
  to: '+989121234567',
  body: 'کد تایید شما ۱۲۳۴',
  encoding: 'UCS-2',
  segments: 1,
  ...overrides,
});

describe('SMS.IR adapter against a local SMS.IR v1 API', () => {
  let smsir: FakeSmsIr;
  let adapter: ProviderAdapter;

  beforeAll(async () => {
    smsir = await FakeSmsIr.start();
    adapter = smsIrAdapterFactory.create({ apiKey: smsir.apiKey, lineNumber: smsir.lineNumber, baseUrl: smsir.baseUrl }, { onReport: () => undefined });
  });

  afterAll(async () => {
    await adapter.close();
    await smsir.close();
  });

  it('posts the documented bulk body with X-API-KEY and returns the message id', async () => {
    const { providerMessageId } = await adapter.send(sms());
    expect(providerMessageId).toMatch(/^\d+$/);
    const request = smsir.requests.at(-1)!;
    expect(request.headers['x-api-key']).toBe(smsir.apiKey);
    expect(JSON.parse(request.rawBody)).toEqual({
      lineNumber: Number(smsir.lineNumber),
      messageText: 'کد تایید شما ۱۲۳۴',
      mobiles: ['09121234567'],
      sendDateTime: null,
    });
  });

  it('maps an invalid mobile (104) to permanent; 429 with Retry-After, 500 and no credit (102) to transient', async () => {
    await expect(adapter.send(sms({ to: '+4915112345678' }))).rejects.toMatchObject({ kind: 'permanent', code: 'invalid_number', message: expect.stringMatching(/^SMS\.IR 104: /) });
    smsir.failures.failNext(1, { http: 429, status: 0, message: 'تعداد درخواست غیر مجاز', retryAfterSeconds: 3 });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', retryAfterMs: 3000 });
    smsir.failures.failNext(1, { http: 500, status: 0, message: 'خطای غیر منتظره' });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient' });
    smsir.failures.failNext(1, { http: 400, status: 102, message: 'اعتبار کافی نیست' });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: '102' });
    await expect(adapter.send(sms())).resolves.toHaveProperty('providerMessageId');
  });

  it('a wrong API key is transient (the account, not the message)', async () => {
    const other = smsIrAdapterFactory.create({ apiKey: 'wrong', lineNumber: smsir.lineNumber, baseUrl: smsir.baseUrl }, { onReport: () => undefined });
    await expect(other.send(sms())).rejects.toMatchObject({ kind: 'transient', code: '10' });
  });

  it('a provider that is down is a transient network error', async () => {
    const down = smsIrAdapterFactory.create({ apiKey: 'k', lineNumber: '3000', baseUrl: 'http://127.0.0.1:1' }, { onReport: () => undefined });
    await expect(down.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'network' });
  });

  it('has no report webhook', () => {
    const request = { method: 'POST', url: 'https://x/r', headers: {}, rawBody: '', query: {} };
    expect(adapter.verifyReport(request)).toBe(false);
    expect(() => adapter.parseReport(request)).toThrow(/no delivery report webhook/);
  });

  it('sends a template through /v1/send/verify with the variables as named parameters, or as the code maps them', async () => {
    smsir.templates.add(100_200);
    const variables = [{ name: 'code', value: '482913' }, { name: 'minutes', value: '5' }];
    const { providerMessageId } = await adapter.sendTemplate!({ ...sms(), templateCode: '100200', variables });
    const request = smsir.requests.at(-1)!;
    expect([request.method, request.path, request.headers['x-api-key']]).toEqual(['POST', '/v1/send/verify', smsir.apiKey]);
    expect(JSON.parse(request.rawBody)).toEqual({ mobile: '09121234567', templateId: 100_200, parameters: variables });
    expect(smsir.verified.at(-1)!.messageId).toBe(Number(providerMessageId));

    await adapter.sendTemplate!({ ...sms(), templateCode: '100200?CODE=code', variables });
    expect(JSON.parse(smsir.requests.at(-1)!.rawBody).parameters).toEqual([{ name: 'CODE', value: '482913' }]);
  });

  it('refuses a template SMS.IR does not have (113) and a parameter over 25 characters before calling, both permanent', async () => {
    await expect(adapter.sendTemplate!({ ...sms(), templateCode: '999', variables: [{ name: 'code', value: '1' }] })).rejects.toMatchObject({ kind: 'permanent', code: '113' });
    const calls = smsir.requests.length;
    await expect(adapter.sendTemplate!({ ...sms(), templateCode: '100200', variables: [{ name: 'name', value: 'x'.repeat(26) }] })).rejects.toMatchObject({
      kind: 'permanent',
      code: 'template_variables_invalid',
    });
    await expect(adapter.sendTemplate!({ ...sms(), templateCode: 'verify', variables: [] })).rejects.toMatchObject({ code: 'template_variables_invalid' });
    expect(smsir.requests).toHaveLength(calls);
  });

  it('polls the report API one message id at a time: at the operator is still sent, deliveryState 1 is delivered', async () => {
    const first = await adapter.send(sms());
    const second = await adapter.send(sms());
    smsir.deliveryScript.set(first.providerMessageId, [5, 1]);
    expect(adapter.pollBatchSize).toBe(1);
    expect(await adapter.pollReports!([first.providerMessageId])).toEqual([{ providerMessageId: first.providerMessageId, status: 'sent' }]);
    expect(smsir.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v1/send/${first.providerMessageId}` });
    expect(await adapter.pollReports!([first.providerMessageId])).toEqual([
      { providerMessageId: first.providerMessageId, status: 'delivered', at: expect.any(String) },
    ]);
    smsir.deliveryScript.set(second.providerMessageId, [7]);
    expect(await adapter.pollReports!([second.providerMessageId])).toEqual([
      { providerMessageId: second.providerMessageId, status: 'undelivered', errorCode: 'smsir_7' },
    ]);
  });
});
