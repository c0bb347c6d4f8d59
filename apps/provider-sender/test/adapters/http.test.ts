import { FakeHttpGateway, ReportReceiver } from '@zagel/testing';
import type { OutboundSms, ProviderAdapter } from '../../src/adapters/provider-adapter';
import { httpGatewayAdapterFactory } from '../../src/adapters/http/http.adapter';
import type { HttpGatewaySettings } from '../../src/adapters/http/http.settings';

const sms = (overrides: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: '01931b6e-0000-7000-8000-000000000008',
  to: '+14155550100',
  body: 'Say "hi" & save 50%\nBye',
  encoding: 'GSM-7',
  segments: 1,
  ...overrides,
});

describe('generic HTTP adapter against a local plain-HTTP gateway', () => {
  let gateway: FakeHttpGateway;
  let receiver: ReportReceiver;
  let json: ProviderAdapter;
  let form: ProviderAdapter;
  let jsonSettings: HttpGatewaySettings;

  beforeAll(async () => {
    gateway = await FakeHttpGateway.start();
    receiver = await ReportReceiver.start();
    jsonSettings = {
      method: 'POST',
      urlTemplate: `${gateway.baseUrl}/api/v2/sms`,
      headers: { authorization: `Bearer ${gateway.token}` },
      bodyFormat: 'json',
      bodyTemplate: '{"to":"{{to}}","text":"{{body}}","sender":"{{from}}","ref":"{{messageId}}","callback":"{{reportUrl}}"}',
      from: 'Zagel',
      successPath: 'ok',
      successValue: 'true',
      providerIdPath: 'result.id',
      errorCodePath: 'error.code',
      transientErrorCodes: ['NO_CREDIT'],
      recipientErrorCodes: { INVALID_NUMBER: 'invalid_number', OPTED_OUT: 'unsubscribed_number' },
      reportItemsPath: 'events',
      reportIdPath: 'id',
      reportStatusPath: 'state',
      reportErrorCodePath: 'reason',
      reportStatusMap: { DELIVRD: 'delivered', UNDELIV: 'undelivered', ACCEPTD: 'sent', REJECTD: 'failed' },
      reportSigningSecret: gateway.signingSecret,
      reportSignatureHeader: 'X-Signature',
      reportSignaturePrefix: 'sha256=',
    };
    json = httpGatewayAdapterFactory.create(jsonSettings, { reportUrl: receiver.url('/v1/webhooks/providers/acc-8'), onReport: () => undefined });
    form = httpGatewayAdapterFactory.create(
      {
        method: 'POST',
        urlTemplate: `${gateway.baseUrl}/form/send`,
        bodyFormat: 'form',
        bodyTemplate: `user=zagel&pass=${gateway.token}&to={{to}}&text={{body}}`,
        successPath: 'ok',
        successValue: 'true',
        providerIdPath: 'result.id',
        errorCodePath: 'error.code',
      },
      { onReport: () => undefined },
    );
  });

  afterAll(async () => {
    await gateway.close();
    await receiver.close();
  });

  it('renders the JSON template with escaped values and reads the id at the configured path', async () => {
    const { providerMessageId } = await json.send(sms());
    expect(providerMessageId).toMatch(/^gw-/);
    const request = gateway.requests.at(-1)!;
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.rawBody)).toEqual({
      to: '+14155550100',
      text: 'Say "hi" & save 50%\nBye',
      sender: 'Zagel',
      ref: '01931b6e-0000-7000-8000-000000000008',
      callback: receiver.url('/v1/webhooks/providers/acc-8'),
    });
  });

  it('renders the form template with percent-encoded values', async () => {
    await expect(form.send(sms())).resolves.toHaveProperty('providerMessageId');
    const fields = new URLSearchParams(gateway.requests.at(-1)!.rawBody);
    expect(fields.get('to')).toBe('+14155550100');
    expect(fields.get('text')).toBe('Say "hi" & save 50%\nBye');
  });

  it('applies the success rule: HTTP 200 with ok=false is a refusal with the gateway code', async () => {
    await expect(json.send(sms({ to: '+1' }))).rejects.toMatchObject({
      kind: 'permanent',
      code: 'invalid_number',
      message: expect.stringContaining('INVALID_NUMBER'),
    });
    gateway.failures.failNext(1, { http: 400, code: 'OPTED_OUT' });
    await expect(json.send(sms())).rejects.toMatchObject({ kind: 'permanent', code: 'unsubscribed_number' });
    // Without a recipient map, the gateway's own code stays (and the chain moves on).
    await expect(form.send(sms({ to: '+1' }))).rejects.toMatchObject({ kind: 'permanent', code: 'INVALID_NUMBER' });
    gateway.failures.failNext(1, { http: 200, code: 'NO_CREDIT' });
    await expect(json.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'NO_CREDIT' });
    gateway.failures.failNext(1, { http: 503, code: 'MAINTENANCE' });
    await expect(json.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'MAINTENANCE' });
    gateway.failures.failNext(1, { http: 403, code: 'BLOCKED_CONTENT' });
    await expect(json.send(sms())).rejects.toMatchObject({ kind: 'permanent', code: 'BLOCKED_CONTENT' });
  });

  it('verifies the HMAC-SHA256 signature and maps batched events; rejects a tampered body', async () => {
    await gateway.sendEvents(receiver.url('/v1/webhooks/providers/acc-8'), [
      { id: 'gw-1', state: 'DELIVRD' },
      { id: 'gw-2', state: 'UNDELIV', reason: 'absent subscriber' },
    ]);
    const report = receiver.last();
    expect(json.verifyReport(report)).toBe(true);
    expect(json.parseReport(report)).toEqual([
      { providerMessageId: 'gw-1', status: 'delivered' },
      { providerMessageId: 'gw-2', status: 'undelivered', errorCode: 'absent subscriber' },
    ]);
    expect(json.verifyReport({ ...report, rawBody: report.rawBody.replace('gw-1', 'gw-9') })).toBe(false);
    const otherSecret = httpGatewayAdapterFactory.create({ ...jsonSettings, reportSigningSecret: 'another-secret-0123456789' }, { onReport: () => undefined });
    expect(otherSecret.verifyReport(report)).toBe(false);
  });

  it('refuses an unmapped report status instead of guessing', () => {
    const rawBody = JSON.stringify({ events: [{ id: 'gw-3', state: 'WHATEVER' }] });
    const request = { method: 'POST', url: 'https://x/r', headers: { 'content-type': 'application/json' }, rawBody, query: {} };
    expect(() => json.parseReport(request)).toThrow(/unmapped report status 'WHATEVER'/);
  });
});
