import { FakeKavenegar, ReportReceiver } from '@zagel/testing';
import type { OutboundSms, ProviderAdapter } from '../../src/adapters/provider-adapter';
import { kavenegarAdapterFactory } from '../../src/adapters/kavenegar/kavenegar.adapter';

const sms = (overrides: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: '01931b6e-0000-7000-8000-000000000006',
  to: '+989121234567',
  body: 'Salam from Zagel',
  encoding: 'GSM-7',
  segments: 1,
  ...overrides,
});

const REPORT_TOKEN = 'report-token-0123456789abcdef';

describe('Kavenegar adapter against a local Kavenegar API', () => {
  let kavenegar: FakeKavenegar;
  let receiver: ReportReceiver;
  let adapter: ProviderAdapter;

  beforeAll(async () => {
    kavenegar = await FakeKavenegar.start();
    receiver = await ReportReceiver.start();
    adapter = kavenegarAdapterFactory.create(
      { apiKey: kavenegar.apiKey, sender: '10004346', reportToken: REPORT_TOKEN, baseUrl: kavenegar.baseUrl },
      { onReport: () => undefined },
    );
  });

  afterAll(async () => {
    await adapter.close();
    await kavenegar.close();
    await receiver.close();
  });

  it('sends with the API key in the path, receptor/sender/message/localid, and returns the messageid', async () => {
    const { providerMessageId } = await adapter.send(sms());
    const request = kavenegar.requests.at(-1)!;
    expect(request.path).toBe(`/v1/${kavenegar.apiKey}/sms/send.json`);
    expect(Object.fromEntries(new URLSearchParams(request.rawBody))).toEqual({
      receptor: '989121234567',
      sender: '10004346',
      message: 'Salam from Zagel',
      localid: '01931b6e-0000-7000-8000-000000000006',
    });
    expect(providerMessageId).toBe(String(kavenegar.sent.at(-1)!.messageid));
    // A retried submit (same localid) gets the same message back instead of a second send.
    await expect(adapter.send(sms())).resolves.toEqual({ providerMessageId });
    expect(kavenegar.sent).toHaveLength(1);
  });

  it('maps 411 (invalid receptor) to permanent, 418 (no credit) and 5xx to transient', async () => {
    await expect(adapter.send(sms({ messageId: 'm-2', to: '+4915112345678' }))).rejects.toMatchObject({ kind: 'permanent', code: 'invalid_number', message: expect.stringMatching(/^Kavenegar 411: /) });
    kavenegar.failures.failNext(1, { status: 418, message: 'اعتبار حساب شما کافی نیست' });
    await expect(adapter.send(sms({ messageId: 'm-3' }))).rejects.toMatchObject({ kind: 'transient', code: '418' });
    kavenegar.failures.failNext(1, { status: 500, message: 'خطای سرور' });
    await expect(adapter.send(sms({ messageId: 'm-4' }))).rejects.toMatchObject({ kind: 'transient', code: '500' });
    kavenegar.failures.failNext(1, { status: 413, message: 'متن پیام خالی یا طولانی است' });
    await expect(adapter.send(sms({ messageId: 'm-5' }))).rejects.toMatchObject({ kind: 'permanent', code: '413' });
  });

  it('accepts a delivery callback on the tokened URL and parses it; refuses one without the token', async () => {
    await kavenegar.sendDeliveryCallback(receiver.url(`/v1/webhooks/providers/acc-6?token=${REPORT_TOKEN}`), '8792343', 10);
    const report = receiver.last();
    expect(adapter.verifyReport(report)).toBe(true);
    expect(adapter.parseReport(report)).toEqual([{ providerMessageId: '8792343', status: 'delivered' }]);
    await kavenegar.sendDeliveryCallback(receiver.url('/v1/webhooks/providers/acc-6?token=guess'), '8792343', 11);
    expect(adapter.verifyReport(receiver.last())).toBe(false);
    expect(adapter.parseReport(receiver.last())).toEqual([{ providerMessageId: '8792343', status: 'undelivered', errorCode: '11' }]);
  });

  it('sends a template through verify/lookup, variables on the tokens by name, then in declared order, or as the code maps them', async () => {
    kavenegar.templates.add('verify');
    const { providerMessageId } = await adapter.sendTemplate!({
      ...sms(),
      templateCode: 'verify',
      variables: [{ name: 'code', value: '482913' }, { name: 'token10', value: 'Zagel Bank' }, { name: 'minutes', value: '5' }],
    });
    const request = kavenegar.requests.at(-1)!;
    expect(request.path).toBe(`/v1/${kavenegar.apiKey}/verify/lookup.json`);
    expect(Object.fromEntries(new URLSearchParams(request.rawBody))).toEqual({
      receptor: '989121234567',
      template: 'verify',
      token: '482913',
      token2: '5',
      token10: 'Zagel Bank',
      type: 'sms',
    });
    expect(kavenegar.lookups.at(-1)!.messageid).toBe(Number(providerMessageId));

    await adapter.sendTemplate!({ ...sms(), templateCode: 'verify?token=code&token20=name', variables: [{ name: 'name', value: 'Sara Ahmadi' }, { name: 'code', value: '11' }] });
    expect(kavenegar.lookups.at(-1)!.fields).toMatchObject({ token: '11', token20: 'Sara Ahmadi' });
    expect(kavenegar.lookups.at(-1)!.fields.token2).toBeUndefined();
  });

  it("enforces Kavenegar's token rules before calling: no spaces in token..token3, at most 5 in token10, 100 characters", async () => {
    const calls = kavenegar.requests.length;
    const lookup = (variables: { name: string; value: string }[], templateCode = 'verify') => adapter.sendTemplate!({ ...sms(), templateCode, variables });
    await expect(lookup([{ name: 'name', value: 'Sara Ahmadi' }])).rejects.toMatchObject({ kind: 'permanent', code: 'template_variables_invalid', message: expect.stringContaining('token may not contain spaces') });
    await expect(lookup([{ name: 'code', value: '1' }, { name: 'token10', value: 'a b c d e f g' }])).rejects.toMatchObject({ message: expect.stringContaining('token10 may contain at most 5 spaces') });
    await expect(lookup([{ name: 'code', value: '1'.repeat(101) }])).rejects.toMatchObject({ message: expect.stringContaining('1 to 100 characters') });
    await expect(lookup([1, 2, 3, 4, 5, 6].map((n) => ({ name: `v${n}`, value: String(n) })))).rejects.toMatchObject({ code: 'template_variables_invalid' });
    expect(kavenegar.requests).toHaveLength(calls);
    // A template the account lacks is Kavenegar's own 424: permanent for this provider.
    await expect(lookup([{ name: 'code', value: '1' }], 'missing-template')).rejects.toMatchObject({ kind: 'permanent', code: '424' });
  });

  it('polls sms/status.json with many message ids in one call; 10 is delivered, unknown ids are left out', async () => {
    const first = await adapter.send(sms({ messageId: 'poll-1' }));
    const second = await adapter.send(sms({ messageId: 'poll-2' }));
    kavenegar.statusScript.set(first.providerMessageId, [4, 10]);
    kavenegar.statusScript.set(second.providerMessageId, [11]);
    expect(adapter.pollBatchSize).toBe(500);
    expect(await adapter.pollReports!([first.providerMessageId, second.providerMessageId, '999999999'])).toEqual([
      { providerMessageId: first.providerMessageId, status: 'sent' },
      { providerMessageId: second.providerMessageId, status: 'undelivered', errorCode: '11' },
    ]);
    expect(new URLSearchParams(kavenegar.requests.at(-1)!.rawBody).get('messageid')).toBe(`${first.providerMessageId},${second.providerMessageId},999999999`);
    expect(await adapter.pollReports!([first.providerMessageId])).toEqual([{ providerMessageId: first.providerMessageId, status: 'delivered' }]);
  });
});
