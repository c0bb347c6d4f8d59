import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeKavenegar, FakeSmsIr, FakeSns, FakeTwilio, freePort, TestPlatform, until } from '@zagel/testing';
import { Json, ProviderDesk } from './support/provider-desk';

/**
 * A reverse proxy in front of the gateway, as in production: providers call its public URL (the
 * PROVIDER_REPORT_BASE_URL adapters hand out), and it forwards with X-Forwarded-Proto/Host, which the
 * gateway trusts (TRUST_FORWARDED_HEADERS) to rebuild the URL the provider signed.
 */
class ForwardingProxy {
  target = '';
  private readonly server: Server = createServer((request, response) => {
    this.forward(request, response).catch((error: unknown) => {
      response.statusCode = 502;
      response.end(String(error));
    });
  });

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && !['host', 'connection', 'content-length'].includes(name)) headers[name] = String(value);
    }
    const upstream = await fetch(`${this.target}${request.url}`, {
      method: request.method,
      headers: { ...headers, 'x-forwarded-proto': 'http', 'x-forwarded-host': request.headers.host ?? '' },
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    response.statusCode = upstream.status;
    response.end(Buffer.from(await upstream.arrayBuffer()));
  }
}

const proxy = new ForwardingProxy();
let platform: TestPlatform;
let harness: ProviderDesk;
let twilio: FakeTwilio;
let smsir: FakeSmsIr;
let kavenegar: FakeKavenegar;
let sns: FakeSns;

beforeAll(async () => {
  await proxy.listen(await freePort());
  platform = new TestPlatform({
    services: ['auth', 'api-gateway', 'provider-sender'],
    // Delivery polls every few hundred milliseconds instead of 30 s, 1 min, 2 min...
    settings: { PROVIDER_REPORT_BASE_URL: proxy.url, TRUST_FORWARDED_HEADERS: 'true', DELIVERY_POLL_DELAYS_MS: '200,400', DELIVERY_POLL_INTERVAL_MS: '100' },
  });
  await platform.start();
  twilio = platform.closeOnStop(await FakeTwilio.start());
  smsir = platform.closeOnStop(await FakeSmsIr.start());
  kavenegar = platform.closeOnStop(await FakeKavenegar.start());
  sns = platform.closeOnStop(await FakeSns.start());
  proxy.target = platform.url('api-gateway');
  harness = await ProviderDesk.open(platform);
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await proxy.close();
}, 60_000);

function twilioSettings(): Record<string, unknown> {
  return { accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+14155550100', apiBaseUrl: twilio.baseUrl };
}

describe('commercial provider accounts through the admin API', () => {
  it('creates a twilio account, masking its auth token and validating its settings', async () => {
    const account = await harness.createProvider('twilio', twilioSettings(), { kind: 'twilio' });
    expect(account).toMatchObject({ kind: 'twilio', reportUrl: `${proxy.url}/v1/webhooks/providers/${account.name}` });
    expect(account.settings.accountSid).toBe(twilio.accountSid);
    expect(account.settings.authToken).not.toBe(twilio.authToken);
    expect(JSON.stringify(account)).not.toContain(twilio.authToken);

    const refused = await harness.admin('POST', '/v1/admin/providers', {
      name: 'twilio-bad-sid',
      kind: 'twilio',
      settings: { ...twilioSettings(), accountSid: 'XX1' },
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('accountSid');
  });

  it('creates a generic http account, masking its report signing secret and credential-bearing headers', async () => {
    const secret = 'http-gateway-signing-secret-0001';
    const account = await harness.createProvider(
      'http',
      {
        method: 'POST',
        urlTemplate: 'http://127.0.0.1:9/send',
        headers: { authorization: 'Bearer http-gateway-api-token-0002' },
        bodyFormat: 'json',
        bodyTemplate: '{"to":"{{to}}","text":"{{body}}"}',
        providerIdPath: 'id',
        reportSigningSecret: secret,
        reportSignatureHeader: 'x-signature',
      },
      { kind: 'http' },
    );
    expect(account).toMatchObject({ kind: 'http', settings: expect.objectContaining({ providerIdPath: 'id' }) });
    expect(JSON.stringify(account)).not.toContain(secret);
    expect(JSON.stringify(account)).not.toContain('http-gateway-api-token-0002');
  });

  it.each([
    ['vonage', { apiKey: 'a1b2c3d4', apiSecret: 'vonage-secret-0003', signatureSecret: 'vonage-signing-0004', from: 'Zagel' }, ['vonage-secret-0003', 'vonage-signing-0004']],
    ['plivo', { authId: 'MAODU1MTBKYTQ5NGI2ZT', authToken: 'plivo-token-0005', from: '14155550100' }, ['plivo-token-0005']],
    ['sns', { region: 'eu-west-1', accessKeyId: 'AKIAEXAMPLE0006', secretAccessKey: 'sns-secret-0007', smsType: 'Transactional' }, ['sns-secret-0007']],
    ['smsir', { apiKey: 'smsir-key-0008', lineNumber: '30007732000000' }, ['smsir-key-0008']],
    ['kavenegar', { apiKey: 'kavenegar-key-0009', sender: '10004346', reportToken: 'kavenegar-report-0010' }, ['kavenegar-key-0009', 'kavenegar-report-0010']],
    ['clickatell', { apiKey: 'clickatell-key-0011', reportToken: 'clickatell-report-0012' }, ['clickatell-key-0011', 'clickatell-report-0012']],
    ['smpp', { host: '127.0.0.1', port: 2775, systemId: 'zagel', password: 'smpp-p13' }, ['smpp-p13']],
  ] as const)('creates a %s account with its settings validated and its credentials masked', async (kind, settings, secrets) => {
    // Disabled: the account is only created and shown here, no adapter opens a connection.
    const account = await harness.createProvider(kind, { ...settings }, { kind, enabled: false });
    expect(account).toMatchObject({ kind, enabled: false });
    for (const secret of secrets) expect(JSON.stringify(account)).not.toContain(secret);

    const refused = await harness.admin('POST', '/v1/admin/providers', { name: `${kind}-empty`, kind, settings: {} });
    expect(refused.status).toBe(422);
  });

  it('refuses a kind no adapter is registered for', async () => {
    const refused = await harness.admin('POST', '/v1/admin/providers', { name: 'pigeon', kind: 'carrier-pigeon', settings: {} });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
  });
});

describe('sending through twilio', () => {
  it('submits to Twilio, reports sent, and turns a signed status callback into delivered', async () => {
    const account: Json = await harness.createProvider('twilio-send', twilioSettings(), { kind: 'twilio' });
    const organizationId = await harness.routeForNewOrganization([account]);
    const command = harness.command(organizationId, { to: '+12025550187', body: 'Your Zagel code is 402913' });
    await harness.send(command);

    const sent = await harness.waitForStatus(command.messageId, 'sent');
    const submitted = twilio.messages.find((message) => message.body === command.body);
    expect(submitted).toBeDefined();
    expect(sent).toMatchObject({ provider: account.name, providerMessageId: submitted!.sid });
    const callbackUrl = `${proxy.url}/v1/webhooks/providers/${account.name}`;
    expect(submitted).toMatchObject({ to: '+12025550187', from: '+14155550100', statusCallback: callbackUrl });
    const request = twilio.requests.find((recorded) => new URLSearchParams(recorded.rawBody).get('Body') === command.body)!;
    expect(request.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);

    const params = { MessageSid: submitted!.sid, MessageStatus: 'delivered', AccountSid: twilio.accountSid, To: submitted!.to };
    // Signed over a different URL than the one the request reaches: refused.
    const reachedWrongUrl = await fetch(callbackUrl, {
      method: 'POST',
      body: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.signature(`${callbackUrl}x`, params) },
    });
    expect(reachedWrongUrl.status).toBe(403);
    expect(harness.statusesOf(command.messageId)).toEqual(['sent']);

    const report = await twilio.sendStatusCallback(submitted!.statusCallback!, params);
    expect(report).toMatchObject({ status: 204 });
    const delivered = await harness.waitForStatus(command.messageId, 'delivered');
    expect(delivered).toMatchObject({ provider: account.name });
  });
});

describe("twilio's refusals in the provider chain", () => {
  it('fails at once on a recipient error (21610 unsubscribed) without trying the next provider', async () => {
    const account: Json = await harness.createProvider('twilio-stop', twilioSettings(), { kind: 'twilio' });
    const backup: Json = await harness.createProvider('backup-stop');
    const organizationId = await harness.routeForNewOrganization([account, backup]);
    twilio.failures.failNext(1, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const command = harness.command(organizationId, { to: '+12025550188' });
    await harness.send(command);

    const failed = await harness.waitForStatus(command.messageId, 'failed');
    expect(failed.errorCode).toBe('unsubscribed_number');
    const attempts = await harness.attempts(command.messageId);
    expect(attempts.map((attempt) => [attempt.provider_name, attempt.state, attempt.error_code])).toEqual([
      [account.name, 'failed', 'unsubscribed_number'],
    ]);
  });

  it('moves down the chain on a permanent error that is not about the recipient (21408 region not enabled)', async () => {
    const account: Json = await harness.createProvider('twilio-geo', twilioSettings(), { kind: 'twilio' });
    const backup: Json = await harness.createProvider('backup-geo');
    const organizationId = await harness.routeForNewOrganization([account, backup]);
    twilio.failures.failNext(1, { status: 400, code: 21408, message: 'Permission to send an SMS has not been enabled for the region' });
    const command = harness.command(organizationId, { to: '+12025550189' });
    await harness.send(command);

    expect((await harness.waitForStatus(command.messageId, 'sent')).provider).toBe(backup.name);
    const attempts = await harness.attempts(command.messageId);
    expect(attempts.map((attempt) => [attempt.provider_name, attempt.state, attempt.error_code])).toEqual([
      [account.name, 'failed', '21408'],
      [backup.name, 'accepted', null],
    ]);
  });
});

describe('provider-side templates and delivery polling (SMS.IR, Kavenegar, SNS)', () => {
  const smsirSettings = () => ({ apiKey: smsir.apiKey, lineNumber: smsir.lineNumber, baseUrl: smsir.baseUrl });
  const kavenegarSettings = () => ({ apiKey: kavenegar.apiKey, baseUrl: kavenegar.baseUrl });
  const pollsOf = (messageId: string) =>
    platform.db('provider-sender').query<{ polls: number }>(`SELECT polls FROM delivery_polls WHERE message_id = $1`, [messageId]);

  it("passes over a provider the template has no code for, sends through SMS.IR's verify API, and polls it to delivered", async () => {
    const kave: Json = await harness.createProvider('kave-nocode', kavenegarSettings(), { kind: 'kavenegar' });
    const sir: Json = await harness.createProvider('smsir-tpl', smsirSettings(), { kind: 'smsir' });
    const organizationId = await harness.routeForNewOrganization([kave, sir]);
    smsir.templates.add(731_905);
    const command = harness.command(organizationId, {
      to: '+989121110001',
      body: 'Your Zagel code is 482913 (5 min)',
      template: { providerCodes: { smsir: '731905?CODE=code' }, variables: [{ name: 'code', value: '482913' }, { name: 'minutes', value: '5' }] },
    });
    await harness.send(command);

    const sent = await harness.waitForStatus(command.messageId, 'sent');
    const verified = smsir.verified.find((entry) => String(entry.messageId) === sent.providerMessageId);
    expect(verified).toEqual({ messageId: Number(sent.providerMessageId), mobile: '09121110001', templateId: 731_905, parameters: [{ name: 'CODE', value: '482913' }] });
    const attempts = await harness.attempts(command.messageId);
    expect(attempts.map((attempt) => [attempt.provider_name, attempt.state, attempt.error_code])).toEqual([
      [kave.name, 'failed', 'template_code_missing'],
      [sir.name, 'accepted', null],
    ]);
    expect(kavenegar.requests.some((request) => request.path.includes('verify/lookup') || request.rawBody.includes('482913'))).toBe(false);

    // The report API says "at the operator" first, then "delivered to the phone".
    smsir.deliveryScript.set(sent.providerMessageId!, [5, 1]);
    const delivered = await harness.waitForStatus(command.messageId, 'delivered');
    expect(delivered).toMatchObject({ provider: sir.name, providerMessageId: sent.providerMessageId });
    expect(smsir.reportPollsOf(sent.providerMessageId!)).toBeGreaterThanOrEqual(2);
    await until(async () => (await pollsOf(command.messageId)).length === 0, { what: 'the delivered message to leave the poll table' });
  });

  it("sends through Kavenegar's verify/lookup with the variables on its tokens and polls status.json to delivered", async () => {
    const kave: Json = await harness.createProvider('kave-tpl', kavenegarSettings(), { kind: 'kavenegar' });
    const organizationId = await harness.routeForNewOrganization([kave]);
    kavenegar.templates.add('zagel-verify');
    const command = harness.command(organizationId, {
      to: '+989121110002',
      body: 'Sara, your code is 771204',
      template: {
        providerCodes: { [kave.name]: 'zagel-verify', smsir: '1' },
        variables: [{ name: 'code', value: '771204' }, { name: 'name', value: 'Sara' }],
      },
    });
    await harness.send(command);

    const sent = await harness.waitForStatus(command.messageId, 'sent');
    const lookup = kavenegar.lookups.find((entry) => String(entry.messageid) === sent.providerMessageId);
    expect(lookup?.fields).toEqual({ receptor: '989121110002', template: 'zagel-verify', token: '771204', token2: 'Sara', type: 'sms' });

    kavenegar.statusScript.set(sent.providerMessageId!, [4, 4, 10]);
    await harness.waitForStatus(command.messageId, 'delivered');
    expect(kavenegar.statusPollsOf(sent.providerMessageId!)).toBe(3);
  });

  it("polls SNS's delivery status log in CloudWatch Logs: SUCCESS turns sent into delivered, FAILURE into failed", async () => {
    const account: Json = await harness.createProvider(
      'sns-logged',
      { region: 'eu-west-1', accessKeyId: sns.accessKeyId, secretAccessKey: sns.secretAccessKey, endpoint: sns.endpoint, accountId: sns.accountId, logsEndpoint: sns.logsEndpoint },
      { kind: 'sns' },
    );
    const organizationId = await harness.routeForNewOrganization([account]);
    const delivered = harness.command(organizationId, { to: '+14155550181' });
    const optedOut = harness.command(organizationId, { to: '+14155550182' });
    await Promise.all([harness.send(delivered), harness.send(optedOut)]);
    const [deliveredSent, optedOutSent] = await Promise.all([harness.waitForStatus(delivered.messageId, 'sent'), harness.waitForStatus(optedOut.messageId, 'sent')]);
    const searched = (id: string) => sns.requests.filter((request) => request.headers['x-amz-target'] && request.rawBody.includes(id)).length;

    // Asked while SNS has logged nothing: both stay sent.
    await until(() => searched(deliveredSent.providerMessageId!) > 0 && searched(optedOutSent.providerMessageId!) > 0, { what: 'a delivery status search' });
    expect(harness.statusesOf(delivered.messageId)).not.toContain('delivered');

    sns.logDeliveryStatus(deliveredSent.providerMessageId!, 'SUCCESS');
    sns.logDeliveryStatus(optedOutSent.providerMessageId!, 'FAILURE', 'Phone number is opted out');
    expect(await harness.waitForStatus(delivered.messageId, 'delivered')).toMatchObject({ provider: account.name, providerMessageId: deliveredSent.providerMessageId });
    expect(await harness.waitForStatus(optedOut.messageId, 'failed')).toMatchObject({ provider: account.name, errorCode: 'unsubscribed_number' });
    await until(async () => (await pollsOf(delivered.messageId)).length + (await pollsOf(optedOut.messageId)).length === 0, {
      what: 'the settled messages to leave the poll table',
    });
  });
});
