import { FakeSns } from '@zagel/testing';
import type { OutboundSms, ProviderAdapter } from '../../src/adapters/provider-adapter';
import { snsAdapterFactory } from '../../src/adapters/sns/sns.adapter';

const sms = (overrides: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: '01931b6e-0000-7000-8000-000000000004',
  to: '+14155550100',
  body: 'Hello via SNS & friends',
  encoding: 'GSM-7',
  segments: 1,
  ...overrides,
});

describe('AWS SNS adapter against a local SNS Query API', () => {
  let sns: FakeSns;
  let adapter: ProviderAdapter;

  beforeAll(async () => {
    sns = await FakeSns.start();
    adapter = snsAdapterFactory.create(
      { region: 'eu-west-1', accessKeyId: sns.accessKeyId, secretAccessKey: sns.secretAccessKey, senderId: 'Zagel', endpoint: sns.endpoint },
      { onReport: () => undefined },
    );
  });

  afterAll(async () => {
    await adapter.close();
    await sns.close();
  });

  it('publishes to the phone number with a SigV4 signature and SMS attributes; returns the MessageId', async () => {
    const { providerMessageId } = await adapter.send(sms());
    expect(sns.published.at(-1)).toEqual({
      messageId: providerMessageId,
      phoneNumber: '+14155550100',
      message: 'Hello via SNS & friends',
      attributes: { 'AWS.SNS.SMS.SMSType': 'Transactional', 'AWS.SNS.SMS.SenderID': 'Zagel' },
    });
    expect(sns.requests.at(-1)!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/sns\/aws4_request/);
  });

  it('maps InvalidParameter to permanent, Throttling and InternalError to transient', async () => {
    await expect(adapter.send(sms({ to: '+12' }))).rejects.toMatchObject({ kind: 'permanent', code: 'invalid_number', message: expect.stringMatching(/^SNS InvalidParameter: /) });
    sns.failures.failNext(1, { status: 400, type: 'Sender', code: 'Throttling', message: 'Rate exceeded' });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'Throttling' });
    sns.failures.failNext(1, { status: 500, type: 'Receiver', code: 'InternalError', message: 'Internal' });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'InternalError' });
    await expect(adapter.send(sms())).resolves.toHaveProperty('providerMessageId');
  });

  it('an unknown access key is an account problem (transient)', async () => {
    const other = snsAdapterFactory.create(
      { region: 'eu-west-1', accessKeyId: 'AKIAOTHER', secretAccessKey: 'x', endpoint: sns.endpoint },
      { onReport: () => undefined },
    );
    await expect(other.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'InvalidClientTokenId' });
    await other.close();
  });

  it('a wrong secret key fails the SigV4 check (transient: the account is misconfigured)', async () => {
    const other = snsAdapterFactory.create(
      { region: 'eu-west-1', accessKeyId: sns.accessKeyId, secretAccessKey: 'not-the-secret', endpoint: sns.endpoint },
      { onReport: () => undefined },
    );
    await expect(other.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'SignatureDoesNotMatch' });
    await other.close();
  });

  it('has no delivery report webhook: verify refuses, parse says why', () => {
    const request = { method: 'POST', url: 'https://x/r', headers: {}, rawBody: '{}', query: {} };
    expect(adapter.verifyReport(request)).toBe(false);
    expect(() => adapter.parseReport(request)).toThrow(/no per-message delivery report webhook/);
  });
});
