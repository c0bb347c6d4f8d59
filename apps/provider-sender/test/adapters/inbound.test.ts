import { FakeClickatell, FakeHttpGateway, FakeKavenegar, FakePlivo, FakeSmsIr, FakeTwilio, FakeVonage, ReportReceiver } from '@zagel/testing';
import { clickatellAdapterFactory } from '../../src/adapters/clickatell/clickatell.adapter';
import { httpGatewayAdapterFactory } from '../../src/adapters/http/http.adapter';
import { kavenegarAdapterFactory } from '../../src/adapters/kavenegar/kavenegar.adapter';
import { plivoAdapterFactory } from '../../src/adapters/plivo/plivo.adapter';
import type { InboundReportRequest, ProviderAdapter } from '../../src/adapters/provider-adapter';
import { smsIrAdapterFactory } from '../../src/adapters/smsir/smsir.adapter';
import { twilioAdapterFactory } from '../../src/adapters/twilio/twilio.adapter';
import { vonageAdapterFactory } from '../../src/adapters/vonage/vonage.adapter';

const context = { onReport: () => undefined };
const TOKEN = 'inbound-token-0123456789';

let receiver: ReportReceiver;

beforeAll(async () => {
  receiver = await ReportReceiver.start();
});

afterAll(() => receiver.close());

function inboundUrl(query = ''): string {
  return receiver.url(`/v1/webhooks/providers/acc/inbound${query}`);
}

/** The adapter accepts the request as received and reads it; a tampered body or a wrong URL fails verification. */
function expectVerified(adapter: ProviderAdapter, request: InboundReportRequest, tamper: (request: InboundReportRequest) => InboundReportRequest) {
  expect(adapter.verifyReport(request)).toBe(true);
  expect(adapter.verifyReport(tamper(request))).toBe(false);
}

const changeBody = (from: string, to: string) => (request: InboundReportRequest) => ({ ...request, rawBody: request.rawBody.replace(from, to) });

describe('inbound SMS webhooks, verified and read by each adapter', () => {
  it('twilio: a signed incoming-message webhook; answers empty TwiML', async () => {
    const twilio = await FakeTwilio.start();
    const adapter = twilioAdapterFactory.create({ accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+14155550199' }, context);
    const sent = await twilio.sendIncomingMessage(inboundUrl(), { From: '+14155550123', To: '+14155550199', Body: 'STOP please' });
    const request = receiver.last();
    expectVerified(adapter, request, changeBody('STOP', 'START'));
    expect(adapter.verifyReport({ ...request, url: inboundUrl('?x=1') })).toBe(false);
    expect(adapter.parseInbound!(request)).toEqual([{ providerMessageId: sent.messageSid, from: '+14155550123', to: '+14155550199', body: 'STOP please' }]);
    expect(adapter.inboundAnswer).toEqual({ status: 200, contentType: 'text/xml', body: expect.stringMatching(/<Response\/>$/) });
    await twilio.close();
  });

  it.each(['POST', 'GET'] as const)('vonage: an inbound message signed with sig (%s), its parts marked', async (method) => {
    const vonage = await FakeVonage.start();
    const adapter = vonageAdapterFactory.create(
      { apiKey: vonage.apiKey, apiSecret: vonage.apiSecret, signatureSecret: vonage.signatureSecret, signatureMethod: 'SHA256HMAC' },
      context,
    );
    const sent = await vonage.sendInboundMessage(inboundUrl(), { msisdn: '447911123456', to: '447911123499', text: 'Yes please' }, method);
    const request = receiver.last();
    expect(adapter.verifyReport(request)).toBe(true);
    const tampered = method === 'POST' ? changeBody('Yes', 'No')(request) : { ...request, query: { ...request.query, text: 'No please' } };
    expect(adapter.verifyReport(tampered)).toBe(false);
    expect(adapter.parseInbound!(request)).toEqual([
      { providerMessageId: sent.fields.messageId, from: '+447911123456', to: '+447911123499', body: 'Yes please', receivedAt: expect.any(String) },
    ]);

    await vonage.sendInboundMessage(inboundUrl(), { msisdn: '447911123456', to: '447911123499', text: 'second half', concat: { ref: '0A', total: 2, part: 2 } }, method);
    expect(adapter.parseInbound!(receiver.last())[0].part).toEqual({ reference: '0A', total: 2, index: 2 });
    await vonage.close();
  });

  it('plivo: an incoming message with signature V3', async () => {
    const plivo = await FakePlivo.start();
    const adapter = plivoAdapterFactory.create({ authId: plivo.authId, authToken: plivo.authToken, from: '14155550199' }, context);
    const sent = await plivo.sendIncomingMessage(inboundUrl(), { From: '14155550123', To: '14155550199', Text: 'HELP' });
    const request = receiver.last();
    expectVerified(adapter, request, changeBody('HELP', 'HALP'));
    expect(adapter.verifyReport({ ...request, headers: { ...request.headers, 'x-plivo-signature-v3-nonce': 'other' } })).toBe(false);
    expect(adapter.parseInbound!(request)).toEqual([{ providerMessageId: sent.params.MessageUUID, from: '+14155550123', to: '+14155550199', body: 'HELP' }]);
    await plivo.close();
  });

  it('kavenegar: a receive-URL call carrying the account token', async () => {
    const kavenegar = await FakeKavenegar.start();
    const adapter = kavenegarAdapterFactory.create({ apiKey: kavenegar.apiKey, reportToken: TOKEN }, context);
    const sent = await kavenegar.sendReceivedMessage(inboundUrl(`?token=${TOKEN}`), { from: '09123456789', to: '10004346', message: 'لغو' });
    const request = receiver.last();
    expect(adapter.verifyReport(request)).toBe(true);
    await kavenegar.sendReceivedMessage(inboundUrl('?token=wrong-token-0123456789'), { from: '09123456789', to: '10004346', message: 'لغو' });
    expect(adapter.verifyReport(receiver.last())).toBe(false);
    expect(adapter.parseInbound!(request)).toEqual([{ providerMessageId: sent.fields.messageid, from: '+989123456789', to: '10004346', body: 'لغو' }]);
    await kavenegar.close();
  });

  it('sms.ir: a received-message webhook carrying the account token; no id of its own, so one from what it says', async () => {
    const smsir = await FakeSmsIr.start();
    const adapter = smsIrAdapterFactory.create({ apiKey: smsir.apiKey, lineNumber: smsir.lineNumber, inboundToken: TOKEN }, context);
    await smsir.sendReceivedMessage(inboundUrl(`?token=${TOKEN}`), { mobile: '9123456789', messageText: 'سلام', receivedDateTime: 1_764_000_000 });
    const request = receiver.last();
    expect(adapter.verifyReport(request)).toBe(true);
    expect(adapter.verifyReport({ ...request, url: inboundUrl(), query: {} })).toBe(false);
    const [sms] = adapter.parseInbound!(request);
    expect(sms).toEqual({ providerMessageId: expect.stringMatching(/^[0-9a-f]{40}$/), from: '+989123456789', to: smsir.lineNumber, body: 'سلام', receivedAt: '2025-11-24T16:00:00.000Z' });
    expect(adapter.parseInbound!(request)[0].providerMessageId).toBe(sms.providerMessageId);
    expect(adapter.parseInbound!(changeBody('سلام', 'سلام!')(request))[0].providerMessageId).not.toBe(sms.providerMessageId);
    await smsir.close();
  });

  it('clickatell: a reply callback carrying the account token', async () => {
    const clickatell = await FakeClickatell.start();
    const adapter = clickatellAdapterFactory.create({ apiKey: clickatell.apiKey, reportToken: TOKEN }, context);
    const sent = await clickatell.sendReplyCallback(inboundUrl(`?token=${TOKEN}`), { fromNumber: '27820000001', toNumber: '27820000099', text: 'Thanks' });
    const request = receiver.last();
    expect(adapter.verifyReport(request)).toBe(true);
    expect(adapter.parseInbound!(request)).toEqual([
      { providerMessageId: sent.message.messageId, from: '+27820000001', to: '+27820000099', body: 'Thanks', receivedAt: expect.any(String) },
    ]);
    await clickatell.close();
  });

  it('http gateway: a signed inbound message read with the account paths', async () => {
    const gateway = await FakeHttpGateway.start();
    const adapter = httpGatewayAdapterFactory.create(
      gateway.inboundAccountSettings(),
      context,
    );
    const sent = await gateway.sendInbound(inboundUrl(), { from: '+14155550123', to: '+14155550199', text: 'Hi there' });
    const request = receiver.last();
    expectVerified(adapter, request, changeBody('Hi', 'Yo'));
    expect(adapter.parseInbound!(request)).toEqual([{ providerMessageId: sent.message.id, from: '+14155550123', to: '+14155550199', body: 'Hi there' }]);
    await gateway.close();
  });
});
