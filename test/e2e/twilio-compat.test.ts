import twilio from 'twilio';
import { TwilioSidPrefix, uuidOfTwilioSid } from '@zagel/contracts';
import { generateMobileNumber } from '@zagel/device-simulator';
import { CallbackServer, otpCodeIn, smsTo, TestCustomer, TestPlatform, until } from '@zagel/testing';
import { callbacksTo, JOURNEY_SETTINGS, ownerWithPhones } from './support/journeys';

// The official `twilio` client, unchanged but for its base URL, against the Twilio-compatible API:
// its Basic auth, form encoding, paging and RestException must work as they do against Twilio.

const zagel = new TestPlatform({ settings: JOURNEY_SETTINGS });

beforeAll(() => zagel.start(), 180_000);
afterEach(() => zagel.disconnectPhones());
afterAll(() => zagel.stop(), 60_000);

/** Sends what the client addresses to Twilio's hosts to Zagel's `/twilio` instead: the one change a customer makes. */
class ZagelRequestClient extends twilio.RequestClient {
  constructor(zagelUrl: string) {
    super();
    const toTwilio = this.request.bind(this);
    this.request = ((options) => toTwilio({ ...options, uri: options.uri.replace(/^https:\/\/(api|verify)\.twilio\.com/, `${zagelUrl}/twilio`) })) as typeof toTwilio;
  }
}

interface TwilioCredentials {
  accountSid: string;
  keySid: string;
  verifyServiceSid: string;
}

async function credentialsOf(customer: TestCustomer): Promise<TwilioCredentials> {
  const keys = (await customer.owner.get('/v1/api-keys')).expectStatus(200).items as unknown as { prefix: string; twilioAccountSid: string; twilioKeySid: string; twilioVerifyServiceSid: string }[];
  const key = keys.find((candidate) => customer.apiKey.startsWith(candidate.prefix))!;
  return { accountSid: key.twilioAccountSid, keySid: key.twilioKeySid, verifyServiceSid: key.twilioVerifyServiceSid };
}

/** The Zagel message id a Twilio message SID carries (`SM` + its hex). */
const uuidOf = (sid: string) => uuidOfTwilioSid(TwilioSidPrefix.Message, sid)!;

function clientFor(username: string, password: string, accountSid?: string): twilio.Twilio {
  return twilio(username, password, { ...(accountSid ? { accountSid } : {}), httpClient: new ZagelRequestClient(zagel.url('api-gateway')) });
}

describe('the Twilio-compatible API with the official twilio client', () => {
  it('creates, fetches and pages messages, and posts status callbacks that twilio.validateRequest accepts', async () => {
    const customer = await zagel.customer({ credit: 1_000 });
    const { accountSid, keySid } = await credentialsOf(customer);
    expect(accountSid).toBe(`AC${customer.organizationId.replace(/-/g, '')}`);
    expect(keySid).toMatch(/^SK[0-9a-f]{32}$/);
    const hooks = zagel.closeOnStop(await new CallbackServer().start('/twilio/status'));
    const authToken = await callbacksTo(customer, `${hooks.url}/default`);
    const client = clientFor(keySid, customer.apiKey, accountSid);
    const to = await generateMobileNumber('EG', 'Vodafone');

    const sent = await client.messages.create({ to, from: '+15005550006', body: 'Your order shipped', statusCallback: hooks.url });
    expect(sent).toMatchObject({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      accountSid,
      apiVersion: '2010-04-01',
      to,
      from: '+15005550006',
      body: 'Your order shipped',
      direction: 'outbound-api',
      status: 'queued',
      numSegments: '1',
      numMedia: '0',
      priceUnit: 'USD',
      errorCode: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sent.sid}.json`,
    });
    expect(sent.dateCreated).toBeInstanceOf(Date);
    // The same message through the native API: one ordinary Zagel message.
    const native = (await customer.app.get(`/v1/messages/${uuidOf(sent.sid)}`)).expectStatus(200);
    expect(native).toMatchObject({ to, body: 'Your order shipped', callbackUrl: hooks.url });

    const delivered = await until(
      async () => {
        const fetched = await client.messages(sent.sid).fetch();
        return fetched.status === 'delivered' ? fetched : undefined;
      },
      { what: 'the message to be delivered', deadline: 20_000, interval: 200 },
    );
    expect(delivered).toMatchObject({ sid: sent.sid, from: '+15005550006', price: expect.stringMatching(/^-\d+\.\d{5}$/), errorCode: null });
    expect(delivered.dateSent).toBeInstanceOf(Date);

    const callback = await until(() => hooks.received.find((received) => received.form.MessageStatus === 'delivered'), { what: 'the delivered status callback' });
    expect(callback.form).toEqual(
      expect.objectContaining({ MessageSid: sent.sid, SmsSid: sent.sid, AccountSid: accountSid, From: '+15005550006', To: to, SmsStatus: 'delivered', ApiVersion: '2010-04-01' }),
    );
    const signature = String(callback.headers['x-twilio-signature']);
    expect(twilio.validateRequest(authToken, signature, hooks.url, callback.form)).toBe(true);
    expect(twilio.validateRequest(`${authToken}x`, signature, hooks.url, callback.form)).toBe(false);
    expect(hooks.received.every((received) => received.headers['content-type'] === 'application/x-www-form-urlencoded')).toBe(true);

    // Four more to the same number: five messages in pages of two, followed through next_page_uri.
    for (let index = 1; index <= 4; index += 1) await client.messages.create({ to, messagingServiceSid: `MG${'a'.repeat(32)}`, body: `Update ${index}` });
    const listed = await client.messages.list({ to, pageSize: 2 });
    expect(listed.map((message) => message.body)).toEqual(['Update 4', 'Update 3', 'Update 2', 'Update 1', 'Your order shipped']);
    expect(listed[0].messagingServiceSid).toBe(`MG${'a'.repeat(32)}`);
    const first = await client.messages.page({ to, pageSize: 2 });
    expect(first.instances).toHaveLength(2);
    const second = await first.nextPage();
    expect(second!.instances.map((message) => message.body)).toEqual(['Update 2', 'Update 1']);
    const third = await second!.nextPage();
    expect(third!.instances.map((message) => message.sid)).toEqual([sent.sid]);
    expect(await third!.nextPage()).toBeUndefined();

    // Filtered by the From a create named: only the first; the others went through a messaging service.
    const another = await client.messages.create({ to: await generateMobileNumber('EG', 'Vodafone'), from: '+15005550007', body: 'Another line' });
    expect((await client.messages.list({ from: '+15005550006' })).map((message) => message.sid)).toEqual([sent.sid]);
    expect((await client.messages.list({ from: '+15005550007' })).map((message) => message.sid)).toEqual([another.sid]);
    expect(await client.messages.list({ from: '+15005550006', to: another.to })).toEqual([]);
    const fromPage = await client.messages.page({ from: '+15005550006', pageSize: 1 });
    expect(fromPage.instances.map((message) => message.from)).toEqual(['+15005550006']);
    await expect(client.messages.list({ from: `+1${'5'.repeat(70)}` })).rejects.toMatchObject({ status: 400, code: 20001 });
  }, 90_000);

  it('cancels a scheduled message and redacts a sent one by updating them, and refuses what it cannot do', async () => {
    const customer = await zagel.customer({ credit: 1_000 });
    const { accountSid, keySid } = await credentialsOf(customer);
    const client = clientFor(keySid, customer.apiKey, accountSid);
    const to = await generateMobileNumber('EG', 'Vodafone');
    const sendAt = new Date(Date.now() + 3_600_000);
    const scheduled = await client.messages.create({ to, messagingServiceSid: `MG${'b'.repeat(32)}`, body: 'Tomorrow', scheduleType: 'fixed', sendAt });
    expect(scheduled.status).toBe('scheduled');

    const canceled = await client.messages(scheduled.sid).update({ status: 'canceled' });
    expect(canceled).toMatchObject({ sid: scheduled.sid, status: 'canceled', body: 'Tomorrow' });
    expect((await client.messages(scheduled.sid).fetch()).status).toBe('canceled');
    // Canceled once: a second cancel is too late, as for a message that has left.
    await expect(client.messages(scheduled.sid).update({ status: 'canceled' })).rejects.toMatchObject({ status: 400, code: 30409 });
    await expect(client.messages(`SM${'0'.repeat(32)}`).update({ status: 'canceled' })).rejects.toMatchObject({ status: 404, code: 20404 });

    // Redacted once it has left: the text is gone, the rest stays; while it waits to leave, it is refused.
    const waiting = await client.messages.create({ to, messagingServiceSid: `MG${'b'.repeat(32)}`, body: 'Secret 1', scheduleType: 'fixed', sendAt });
    await expect(client.messages(waiting.sid).update({ body: '' })).rejects.toMatchObject({ status: 400, code: 30400 });
    expect((await client.messages(waiting.sid).fetch()).body).toBe('Secret 1');
    const redacted = await client.messages(scheduled.sid).update({ body: '' });
    expect(redacted).toMatchObject({ sid: scheduled.sid, status: 'canceled', body: '', numSegments: '1' });
    expect((await customer.app.get(`/v1/messages/${uuidOf(scheduled.sid)}`)).expectStatus(200)).toMatchObject({ body: '', status: 'canceled' });
    // Twilio's 30400 for an update that is neither, or both, or a new body.
    await expect(client.messages(scheduled.sid).update({})).rejects.toMatchObject({ status: 400, code: 30400 });
    await expect(client.messages(waiting.sid).update({ body: '', status: 'canceled' })).rejects.toMatchObject({ status: 400, code: 30400 });
    await expect(client.messages(scheduled.sid).update({ body: 'Rewritten' })).rejects.toMatchObject({ status: 400, code: 30400 });
    await expect(client.messages(waiting.sid).update({ status: 'sent' as 'canceled' })).rejects.toMatchObject({ status: 400, code: 30400 });
    // Another account's message is not found, and stays as it was.
    const other = await zagel.customer({ credit: 1_000 });
    const otherCredentials = await credentialsOf(other);
    const otherScheduled = await clientFor(otherCredentials.keySid, other.apiKey, otherCredentials.accountSid).messages.create({
      to,
      messagingServiceSid: `MG${'b'.repeat(32)}`,
      body: 'Not yours',
      scheduleType: 'fixed',
      sendAt,
    });
    await expect(client.messages(otherScheduled.sid).update({ status: 'canceled' })).rejects.toMatchObject({ status: 404, code: 20404 });
    await expect(client.messages(otherScheduled.sid).update({ body: '' })).rejects.toMatchObject({ status: 404, code: 20404 });
    expect(await clientFor(otherCredentials.keySid, other.apiKey, otherCredentials.accountSid).messages(otherScheduled.sid).fetch()).toMatchObject({
      status: 'scheduled',
      body: 'Not yours',
    });
  }, 60_000);

  it('verifies a number through Verify v2 with the account SID as username', async () => {
    const customer = await zagel.customer({ credit: 1_000 });
    const { accountSid, verifyServiceSid } = await credentialsOf(customer);
    const { phones } = await ownerWithPhones(zagel, 1, { country: 'EG', carrier: 'Orange' });
    const client = clientFor(accountSid, customer.apiKey);
    const to = await generateMobileNumber('EG', 'Orange');

    const verification = await client.verify.v2.services(verifyServiceSid).verifications.create({ to, channel: 'sms' });
    expect(verification).toMatchObject({ sid: expect.stringMatching(/^VE[0-9a-f]{32}$/), serviceSid: verifyServiceSid, accountSid, to, channel: 'sms', status: 'pending', valid: false });
    const code = otpCodeIn((await smsTo(phones, to)).message.body);

    const wrong = await client.verify.v2.services(verifyServiceSid).verificationChecks.create({ to, code: code === '000000' ? '111111' : '000000' });
    expect(wrong).toMatchObject({ status: 'pending', valid: false });
    const approved = await client.verify.v2.services(verifyServiceSid).verificationChecks.create({ verificationSid: verification.sid, code });
    expect(approved).toMatchObject({ sid: verification.sid, to, status: 'approved', valid: true });
    // No pending verification any more: Twilio's 404.
    await expect(client.verify.v2.services(verifyServiceSid).verificationChecks.create({ to, code })).rejects.toMatchObject({ status: 404, code: 20404 });
  }, 60_000);

  it('answers bad input and bad credentials as Twilio does, sending nothing', async () => {
    const customer = await zagel.customer({ credit: 1_000 });
    const other = await zagel.customer();
    const { accountSid, keySid, verifyServiceSid } = await credentialsOf(customer);
    const client = clientFor(keySid, customer.apiKey, accountSid);

    await expect(client.messages.create({ to: '+2012', from: '+15005550006', body: 'hi' })).rejects.toMatchObject({ status: 400, code: 21211 });
    await expect(client.messages.create({ to: '+201001234567', from: '+15005550006', body: '' })).rejects.toMatchObject({ status: 400, code: 21602 });
    await expect(client.messages.create({ to: '+201001234567', body: 'hi' } as never)).rejects.toMatchObject({ status: 400, code: 21603 });

    const refused = await clientFor(keySid, `${customer.apiKey}x`, accountSid)
      .messages.list({ limit: 1 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(twilio.RestException);
    expect(refused).toMatchObject({ status: 401, code: 20003, moreInfo: 'https://www.twilio.com/docs/errors/20003' });
    // The same key under another key's SID, or another organization's account, is refused.
    await expect(clientFor(`SK${'0'.repeat(32)}`, customer.apiKey, accountSid).messages.list({ limit: 1 })).rejects.toMatchObject({ status: 401, code: 20003 });
    await expect(clientFor(`AC${other.organizationId.replace(/-/g, '')}`, customer.apiKey).messages.list({ limit: 1 })).rejects.toMatchObject({ status: 401, code: 20003 });
    // A valid credential naming another account in the path, or another organization's Verify service: not found.
    await expect(clientFor(keySid, customer.apiKey, `AC${other.organizationId.replace(/-/g, '')}`).messages.list({ limit: 1 })).rejects.toMatchObject({ status: 404, code: 20404 });
    await expect(client.verify.v2.services(`VA${other.organizationId.replace(/-/g, '')}`).verifications.create({ to: '+201001234567', channel: 'sms' })).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
    await expect(client.verify.v2.services(verifyServiceSid).verifications.create({ to: '+201001234567', channel: 'call' })).rejects.toMatchObject({ status: 400, code: 60200 });

    // Basic works only on the Twilio-compatible routes.
    const basic = Buffer.from(`${keySid}:${customer.apiKey}`).toString('base64');
    const native = await fetch(`${zagel.url('api-gateway')}/v1/messages`, { headers: { authorization: `Basic ${basic}` } });
    expect(native.status).toBe(401);
    expect((await customer.app.get('/v1/messages')).expectStatus(200).items).toEqual([]);
  }, 60_000);
});
