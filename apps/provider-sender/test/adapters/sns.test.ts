import { randomUUID } from 'node:crypto';
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

  it('is not polled without delivery status logging (no accountId or log group)', () => {
    expect(adapter.pollReports).toBeUndefined();
  });
});

describe('AWS SNS delivery status polled from its CloudWatch Logs log', () => {
  let sns: FakeSns;
  let adapter: ProviderAdapter;
  const logsRequests = () => sns.requests.filter((request) => request.headers['x-amz-target'] !== undefined);

  beforeEach(async () => {
    sns = await FakeSns.start();
    adapter = snsAdapterFactory.create(
      { region: 'eu-west-1', accessKeyId: sns.accessKeyId, secretAccessKey: sns.secretAccessKey, endpoint: sns.endpoint, accountId: sns.accountId, logsEndpoint: sns.logsEndpoint },
      { onReport: () => undefined },
    );
  });

  afterEach(async () => {
    await adapter.close();
    await sns.close();
  });

  const publish = async (to = '+14155550100') => (await adapter.send(sms({ to }))).providerMessageId;

  it('asks FilterLogEvents (SigV4 for logs, AWS JSON 1.1) of both groups; nothing logged yet is left out', async () => {
    const id = await publish();
    expect(await adapter.pollReports!([id])).toEqual([]);
    const [success, failure] = logsRequests();
    expect(success!.headers).toMatchObject({ 'x-amz-target': 'Logs_20140328.FilterLogEvents', 'content-type': 'application/x-amz-json-1.1' });
    expect(success!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/logs\/aws4_request/);
    expect(JSON.parse(success!.rawBody)).toMatchObject({
      logGroupName: `sns/eu-west-1/${sns.accountId}/DirectPublishToPhoneNumber`,
      filterPattern: `{ ($.notification.messageId = "${id}") }`,
      startTime: expect.any(Number),
    });
    expect(JSON.parse(failure!.rawBody)).toMatchObject({ logGroupName: `sns/eu-west-1/${sns.accountId}/DirectPublishToPhoneNumber/Failure` });
  });

  it('maps SUCCESS to delivered and FAILURE to failed with the carrier reason as an error code; unknown ids are left out', async () => {
    const [delivered, optedOut, blocked, pending] = [await publish(), await publish('+14155550101'), await publish('+14155550102'), await publish('+14155550103')];
    const at = new Date(Date.now() - 1000);
    sns.logDeliveryStatus(delivered, 'SUCCESS', undefined, at);
    sns.logDeliveryStatus(optedOut, 'FAILURE', 'Phone number is opted out');
    sns.logDeliveryStatus(blocked, 'FAILURE', 'Phone carrier has blocked this message');
    const unknown = '5c5d4a7e-0000-5000-8000-000000000000';
    expect(await adapter.pollReports!([delivered, optedOut, blocked, pending, unknown])).toEqual([
      { providerMessageId: delivered, status: 'delivered', at: at.toISOString() },
      { providerMessageId: optedOut, status: 'failed', errorCode: 'unsubscribed_number', at: expect.any(String) },
      { providerMessageId: blocked, status: 'failed', errorCode: 'carrier_failure', at: expect.any(String) },
    ]);
  });

  it('follows nextToken through the pages of a search', async () => {
    const ids = [await publish(), await publish('+14155550101'), await publish('+14155550102')];
    for (const id of ids) sns.logDeliveryStatus(id, 'SUCCESS');
    sns.logs.pageSize = 1;
    const reports = await adapter.pollReports!(ids);
    expect(reports.map((report) => [report.providerMessageId, report.status])).toEqual(ids.map((id) => [id, 'delivered']));
    // Three pages of the success group; all were found there, so the failure group is not asked.
    expect(logsRequests().map((request) => JSON.parse(request.rawBody).nextToken !== undefined)).toEqual([false, true, true]);
  });

  it('fits a poll batch of SNS message ids in one filter pattern, and splits a longer list', async () => {
    const id = await publish();
    sns.logDeliveryStatus(id, 'SUCCESS');
    const others = Array.from({ length: 28 }, () => randomUUID());
    const searchesOf = (group: string) => logsRequests().filter((request) => JSON.parse(request.rawBody).logGroupName.endsWith(group)).length;
    expect(adapter.pollBatchSize).toBe(14);
    expect(await adapter.pollReports!([id, ...others.slice(0, 13)])).toHaveLength(1);
    expect([searchesOf('PhoneNumber'), searchesOf('/Failure')]).toEqual([1, 1]);
    // 29 ids: three patterns for the success group; the 28 not found there, two for the failure group.
    expect(await adapter.pollReports!([...others, id])).toHaveLength(1);
    expect([searchesOf('PhoneNumber'), searchesOf('/Failure')]).toEqual([1 + 3, 1 + 2]);
  });

  it('searches from a little before the batch was sent', async () => {
    const id = await publish();
    sns.logDeliveryStatus(id, 'SUCCESS', undefined, new Date(Date.now() - 3_600_000));
    expect(await adapter.pollReports!([id], new Date(Date.now() - 600_000))).toEqual([]);
    expect(await adapter.pollReports!([id], new Date(Date.now() - 7_200_000))).toEqual([expect.objectContaining({ status: 'delivered' })]);
  });

  it('a wrong secret fails the poll (the poller asks again later)', async () => {
    const other = snsAdapterFactory.create(
      { region: 'eu-west-1', accessKeyId: sns.accessKeyId, secretAccessKey: 'not-the-secret', endpoint: sns.endpoint, accountId: sns.accountId, logsEndpoint: sns.logsEndpoint },
      { onReport: () => undefined },
    );
    await expect(other.pollReports!([randomUUID()])).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    await other.close();
  });
});
