import { randomBytes } from 'node:crypto';
import { InboundSmsReceived, InboundSmsReceivedPayload } from '@zagel/contracts';
import {
  BusProbe,
  FakeClickatell,
  FakeHttpGateway,
  FakeKavenegar,
  FakePlivo,
  FakeSmsc,
  FakeSmsIr,
  FakeTwilio,
  FakeVonage,
  TestPlatform,
  until,
  type WebhookAnswer,
} from '@zagel/testing';
import { Json, ProviderDesk } from './support/provider-desk';

/**
 * Inbound SMS from each provider, end to end: the provider simulator posts its MO webhook to the gateway exactly as
 * the provider does, provider-sender verifies and reads it, and `inbound.sms-received` reaches the bus.
 */
let platform: TestPlatform;
let desk: ProviderDesk;
let probe: BusProbe;

beforeAll(async () => {
  platform = new TestPlatform({ services: ['auth', 'api-gateway', 'provider-sender'] });
  await platform.start();
  desk = await ProviderDesk.open(platform);
  probe = await platform.probe({ service: 'inbound-test', hears: [InboundSmsReceived] });
}, 120_000);

afterAll(() => platform?.stop(), 60_000);

const TOKEN = randomBytes(16).toString('hex');

function inboundUrl(segment: string, query = ''): string {
  return `${platform.url('api-gateway')}/v1/webhooks/providers/${segment}/inbound${query}`;
}

function heard(dedupeKey: string): InboundSmsReceivedPayload[] {
  return probe.heard(InboundSmsReceived).filter((event) => event.dedupeKey === dedupeKey);
}

/** Waits until `count` events with this key were heard; returns the last. */
function waitForEvents(dedupeKey: string, count: number): Promise<InboundSmsReceivedPayload> {
  return until(() => (heard(dedupeKey).length >= count ? heard(dedupeKey).at(-1) : undefined), {
    what: `${count} inbound.sms-received with ${dedupeKey} (heard ${probe.heard(InboundSmsReceived).length} in all)`,
  });
}

function expectRefused(answer: WebhookAnswer): void {
  expect(answer.status).toBe(403);
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(answer.text)).toMatchObject({ status: 403, code: 'inbound_signature_invalid' });
}

/**
 * Nothing published for `body`: a later message on the same path was heard, and provider-sender publishes one
 * webhook's event before it answers, so an event from the refused call would have been heard before it.
 */
async function expectNothingPublishedFor(body: string, later: () => Promise<{ dedupeKey: string }>): Promise<void> {
  const { dedupeKey } = await later();
  await waitForEvents(dedupeKey, 1);
  expect(probe.heard(InboundSmsReceived).filter((event) => event.body === body)).toEqual([]);
}

describe('inbound SMS from provider webhooks', () => {
  it('twilio: a signed incoming message is published once per webhook with a stable dedupe key; a forged one is refused', async () => {
    const twilio = platform.closeOnStop(await FakeTwilio.start());
    const account: Json = await desk.createProvider('twilio-in', { accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+14155550100', apiBaseUrl: twilio.baseUrl }, { kind: 'twilio' });
    const url = inboundUrl(account.name);

    const sent = await twilio.sendIncomingMessage(url, { From: '+14155550123', To: '+14155550100', Body: 'STOP' });
    expect(sent).toMatchObject({ status: 200, contentType: expect.stringMatching(/^text\/xml/), text: expect.stringMatching(/<Response\/>$/) });
    const dedupeKey = `twilio:${account.id}:${sent.messageSid}`;
    const event = await waitForEvents(dedupeKey, 1);
    expect(event).toEqual({
      dedupeKey,
      channel: 'provider',
      providerKind: 'twilio',
      providerAccountId: account.id,
      from: '+14155550123',
      to: '+14155550100',
      body: 'STOP',
      receivedAt: expect.any(String),
    });

    // Twilio retries a webhook it got no answer to: the same MessageSid, the same key (ingestion stores it once).
    await twilio.sendIncomingMessage(url, { From: '+14155550123', To: '+14155550100', Body: 'STOP', MessageSid: sent.messageSid });
    await waitForEvents(dedupeKey, 2);

    const impostor = await FakeTwilio.start(twilio.accountSid, 'not-the-auth-token-of-the-account');
    expectRefused(await impostor.sendIncomingMessage(url, { From: '+14155550123', To: '+14155550100', Body: 'forged twilio' }));
    await impostor.close();
    await expectNothingPublishedFor('forged twilio', async () => {
      const later = await twilio.sendIncomingMessage(url, { From: '+14155550124', To: '+14155550100', Body: 'later' });
      return { dedupeKey: `twilio:${account.id}:${later.messageSid}` };
    });
  });

  it('vonage: inbound messages signed with sig, by GET and POST, and a long one joined from its parts', async () => {
    const vonage = platform.closeOnStop(await FakeVonage.start());
    const account: Json = await desk.createProvider(
      'vonage-in',
      { apiKey: vonage.apiKey, apiSecret: vonage.apiSecret, signatureSecret: vonage.signatureSecret, signatureMethod: 'SHA256HMAC', from: 'Zagel', restHost: vonage.baseUrl },
      { kind: 'vonage' },
    );
    const url = inboundUrl(account.name);

    const sent = await vonage.sendInboundMessage(url, { msisdn: '447911123456', to: '447911123499', text: 'Yes please' }, 'GET');
    expect(sent.status).toBe(200);
    const dedupeKey = `vonage:${account.id}:${sent.fields.messageId}`;
    expect(await waitForEvents(dedupeKey, 1)).toMatchObject({ channel: 'provider', providerKind: 'vonage', from: '+447911123456', to: '+447911123499', body: 'Yes please' });
    await vonage.sendInboundMessage(url, { msisdn: '447911123456', to: '447911123499', text: 'Yes please', messageId: sent.fields.messageId }, 'POST');
    await waitForEvents(dedupeKey, 2);

    const first = await vonage.sendInboundMessage(url, { msisdn: '447911123456', to: '447911123499', text: 'The first half and ', concat: { ref: 'A1', total: 2, part: 1 } });
    const second = await vonage.sendInboundMessage(url, { msisdn: '447911123456', to: '447911123499', text: 'the second half.', concat: { ref: 'A1', total: 2, part: 2 } });
    expect([first.status, second.status]).toEqual([200, 200]);
    const joined = await until(() => probe.heard(InboundSmsReceived).find((event) => event.body === 'The first half and the second half.'), { what: 'the joined long message' });
    expect(joined.dedupeKey).toMatch(new RegExp(`^vonage:${account.id}:concat:`));
    expect(probe.heard(InboundSmsReceived).filter((event) => event.body.includes('half'))).toHaveLength(1);

    const impostor = new FakeVonage(vonage.apiKey, vonage.apiSecret, 'a-different-signature-secret');
    expectRefused(await impostor.sendInboundMessage(url, { msisdn: '447911123456', to: '447911123499', text: 'forged vonage' }));
    await expectNothingPublishedFor('forged vonage', async () => {
      const later = await vonage.sendInboundMessage(url, { msisdn: '447911123457', to: '447911123499', text: 'later' });
      return { dedupeKey: `vonage:${account.id}:${later.fields.messageId}` };
    });
  });

  it('plivo: a V3-signed incoming message at the kind path (the one plivo account)', async () => {
    const plivo = platform.closeOnStop(await FakePlivo.start());
    const account: Json = await desk.createProvider('plivo-in', { authId: plivo.authId, authToken: plivo.authToken, from: '14155550100', apiBaseUrl: plivo.baseUrl }, { kind: 'plivo' });
    const url = inboundUrl('plivo');

    const sent = await plivo.sendIncomingMessage(url, { From: '14155550123', To: '14155550100', Text: 'HELP' });
    expect(sent.status).toBe(200);
    const dedupeKey = `plivo:${account.id}:${sent.params.MessageUUID}`;
    expect(await waitForEvents(dedupeKey, 1)).toMatchObject({ providerKind: 'plivo', providerAccountId: account.id, from: '+14155550123', to: '+14155550100', body: 'HELP' });
    await plivo.sendIncomingMessage(url, { From: '14155550123', To: '14155550100', Text: 'HELP', MessageUUID: sent.params.MessageUUID });
    await waitForEvents(dedupeKey, 2);

    const impostor = new FakePlivo(plivo.authId, 'not-the-auth-token');
    expectRefused(await impostor.sendIncomingMessage(url, { From: '14155550123', To: '14155550100', Text: 'forged plivo' }));
    await expectNothingPublishedFor('forged plivo', async () => {
      const later = await plivo.sendIncomingMessage(url, { From: '14155550124', To: '14155550100', Text: 'later' });
      return { dedupeKey: `plivo:${account.id}:${later.params.MessageUUID}` };
    });
  });

  it('kavenegar: a receive-URL call carrying the account token; without it, refused', async () => {
    const kavenegar = platform.closeOnStop(await FakeKavenegar.start());
    const account: Json = await desk.createProvider('kavenegar-in', { apiKey: kavenegar.apiKey, sender: '10004346', reportToken: TOKEN, baseUrl: kavenegar.baseUrl }, { kind: 'kavenegar' });
    const url = inboundUrl(account.name, `?token=${TOKEN}`);

    const sent = await kavenegar.sendReceivedMessage(url, { from: '09123456789', to: '10004346', message: 'لغو' });
    expect(sent.status).toBe(200);
    const dedupeKey = `kavenegar:${account.id}:${sent.fields.messageid}`;
    expect(await waitForEvents(dedupeKey, 1)).toMatchObject({ providerKind: 'kavenegar', from: '+989123456789', to: '10004346', body: 'لغو' });
    await kavenegar.sendReceivedMessage(url, sent.fields);
    await waitForEvents(dedupeKey, 2);

    expectRefused(await kavenegar.sendReceivedMessage(inboundUrl(account.name, '?token=guessed-token-000000'), { from: '09123456789', to: '10004346', message: 'forged kavenegar' }));
    await expectNothingPublishedFor('forged kavenegar', async () => {
      const later = await kavenegar.sendReceivedMessage(url, { from: '09123456780', to: '10004346', message: 'later' });
      return { dedupeKey: `kavenegar:${account.id}:${later.fields.messageid}` };
    });
  });

  it('sms.ir: a received-message webhook carrying the account token; the same message again has the same key', async () => {
    const smsir = platform.closeOnStop(await FakeSmsIr.start());
    const account: Json = await desk.createProvider('smsir-in', { apiKey: smsir.apiKey, lineNumber: smsir.lineNumber, inboundToken: TOKEN, baseUrl: smsir.baseUrl }, { kind: 'smsir' });
    expect(JSON.stringify(account)).not.toContain(TOKEN);
    const url = inboundUrl(account.name, `?token=${TOKEN}`);

    const sent = await smsir.sendReceivedMessage(url, { mobile: '9123456789', messageText: 'سلام' });
    expect(sent.status).toBe(200);
    const event = await until(() => probe.heard(InboundSmsReceived).find((heardEvent) => heardEvent.providerAccountId === account.id), { what: 'the SMS.IR message' });
    expect(event).toMatchObject({ providerKind: 'smsir', from: '+989123456789', to: smsir.lineNumber, body: 'سلام', receivedAt: new Date(sent.received.receivedDateTime * 1000).toISOString() });
    await smsir.sendReceivedMessage(url, sent.received);
    await waitForEvents(event.dedupeKey, 2);

    expectRefused(await smsir.sendReceivedMessage(inboundUrl(account.name), { mobile: '9123456789', messageText: 'forged sms.ir' }));
    await expectNothingPublishedFor('forged sms.ir', async () => {
      await smsir.sendReceivedMessage(url, { mobile: '9123456780', messageText: 'later sms.ir' });
      return until(() => probe.heard(InboundSmsReceived).find((heardEvent) => heardEvent.body === 'later sms.ir'), { what: 'the later SMS.IR message' });
    });
  });

  it('clickatell: a reply callback carrying the account token', async () => {
    const clickatell = platform.closeOnStop(await FakeClickatell.start());
    const account: Json = await desk.createProvider('clickatell-in', { apiKey: clickatell.apiKey, reportToken: TOKEN, baseUrl: clickatell.baseUrl }, { kind: 'clickatell' });
    const url = inboundUrl(account.name, `?token=${TOKEN}`);

    const sent = await clickatell.sendReplyCallback(url, { fromNumber: '27820000001', toNumber: '27820000099', text: 'Thanks' });
    expect(sent.status).toBe(200);
    const dedupeKey = `clickatell:${account.id}:${sent.message.messageId}`;
    expect(await waitForEvents(dedupeKey, 1)).toMatchObject({ providerKind: 'clickatell', from: '+27820000001', body: 'Thanks' });
    await clickatell.sendReplyCallback(url, sent.message);
    await waitForEvents(dedupeKey, 2);
    expectRefused(await clickatell.sendReplyCallback(inboundUrl(account.name), { fromNumber: '27820000001', toNumber: '27820000099', text: 'forged clickatell' }));
  });

  it('a generic http gateway: a signed inbound message read with the account paths; a bad signature refused', async () => {
    const gateway = platform.closeOnStop(await FakeHttpGateway.start());
    const account: Json = await desk.createProvider(
      'http-in',
      gateway.inboundAccountSettings(),
      { kind: 'http' },
    );
    const url = inboundUrl(account.id);
    const sent = await gateway.sendInbound(url, { from: '+14155550123', to: '+14155550100', text: 'Hi' });
    expect(sent.status).toBe(200);
    expect(await waitForEvents(`http:${account.id}:${sent.message.id}`, 1)).toMatchObject({ providerKind: 'http', from: '+14155550123', body: 'Hi' });
    const impostor = new FakeHttpGateway(gateway.token, 'another-signing-secret-0000');
    expectRefused(await impostor.sendInbound(url, { from: '+14155550123', to: '+14155550100', text: 'forged http' }));
  });

  it('refuses an account that takes no inbound webhooks, and an unknown one', async () => {
    const account: Json = await desk.createProvider('sim-in');
    const notSupported = await platform.api.request('POST', `/v1/webhooks/providers/${account.name}/inbound`, { rawBody: 'From=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notSupported.status).toBe(404);
    expect(notSupported.problem?.code).toBe('inbound_not_supported');
    const unknown = await platform.api.request('POST', '/v1/webhooks/providers/no-such-provider/inbound', { rawBody: 'From=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(unknown.problem?.code).toBe('provider_not_found');
  });
});

describe('inbound SMS on an SMPP bind', () => {
  it('publishes a deliver_sm from a handset (GSM-7, UCS-2, parts joined) with channel smpp, and not a delivery receipt', async () => {
    const smsc = platform.closeOnStop(await FakeSmsc.start());
    const account: Json = await desk.createProvider(
      'smpp-in',
      { host: smsc.host, port: smsc.listeningPort, systemId: smsc.systemId, password: smsc.password, reconnectMinMs: 50, responseTimeoutMs: 3000 },
      { kind: 'smpp' },
    );
    await until(() => smsc.binds.some((bind) => bind.accepted) || undefined, { what: 'provider-sender bound to the SMSC' });

    expect(await smsc.sendMobileOriginated({ source: '+14155550123', destination: '14155550100', text: 'STOP' })).toEqual([0]);
    const event = await until(() => probe.heard(InboundSmsReceived).find((heardEvent) => heardEvent.providerAccountId === account.id && heardEvent.body === 'STOP'), {
      what: 'the SMPP MO',
    });
    expect(event).toMatchObject({ channel: 'smpp', providerKind: 'smpp', from: '+14155550123', to: '+14155550100', dedupeKey: expect.stringMatching(new RegExp(`^smpp:${account.id}:`)) });

    // A delivery receipt is a receipt: nothing is published for it, and the next MO is.
    await smsc.sendReceipt('FFFF01', 'DELIVRD');
    expect(await smsc.sendMobileOriginated({ source: '989123456789', destination: '98100043', text: 'لغو اشتراک', dataCoding: 8 })).toEqual([0]);
    await until(() => probe.heard(InboundSmsReceived).find((heardEvent) => heardEvent.body === 'لغو اشتراک'), { what: 'the UCS-2 MO' });
    expect(probe.heard(InboundSmsReceived).filter((heardEvent) => heardEvent.providerAccountId === account.id).map((heardEvent) => heardEvent.body)).toEqual(['STOP', 'لغو اشتراک']);

    expect(await smsc.sendMobileOriginated({ source: '14155550123', destination: '14155550100', text: 'one long reply in two parts', parts: 2, reference: 9 })).toEqual([0, 0]);
    await until(() => probe.heard(InboundSmsReceived).find((heardEvent) => heardEvent.body === 'one long reply in two parts'), { what: 'the joined SMPP message' });
  });
});
