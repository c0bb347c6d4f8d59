import { v7 as uuidv7 } from 'uuid';
import { MessageReportsAnnounced, MessageStatusBatch, MessageStatusChanged, MessageStatusPayload, SendBatchViaProvider, SendBatchViaProviderPayload } from '@zagel/contracts';
import { BusProbe, CountingProvider, TestPlatform, until } from '@zagel/testing';
import { ProviderDesk } from './support/provider-desk';

const ACCEPTANCE_WINDOW_MS = 2_000;
const platform = new TestPlatform({
  services: ['auth', 'api-gateway', 'provider-sender'],
  settings: { PROVIDER_MAX_RETRIES: '2', PROVIDER_RETRY_BASE_DELAY_MS: '300', PROVIDER_ACCEPTANCE_WINDOW_MS: String(ACCEPTANCE_WINDOW_MS) },
});
let desk: ProviderDesk;
let probe: BusProbe;

beforeAll(async () => {
  await platform.start();
  desk = await ProviderDesk.open(platform);
  probe = await platform.probe({ service: 'provider-batch-test', hears: [MessageStatusBatch, MessageReportsAnnounced, MessageStatusChanged] });
}, 120_000);

afterAll(() => platform.stop(), 60_000);

function batch(organizationId: string, numbers: string[]): SendBatchViaProviderPayload {
  return {
    batchId: uuidv7(),
    organizationId,
    messageType: 'promotional',
    recipients: numbers.map((to, index) => ({ messageId: uuidv7(), to, body: `Sale ${index}: 20% off today` })),
  };
}

const sendBatch = (command: SendBatchViaProviderPayload) => probe.send(SendBatchViaProvider, { service: 'provider-sender' }, command);
const numbers = (count: number) => Array.from({ length: count }, (_, index) => `+1202555${String(1_000 + index)}`);
/** Every bulk event heard, with which of the two it was. */
const bulkEvents = () => [
  ...probe.heard(MessageStatusBatch).map((event) => ({ ...event, event: 'outcome' })),
  ...probe.heard(MessageReportsAnnounced).map((event) => ({ ...event, event: 'report' })),
];
const batchItems = (): MessageStatusPayload[] => bulkEvents().flatMap((event) => event.items);
const statusesOf = (messageId: string) => batchItems().filter((item) => item.messageId === messageId).map((item) => item.status);

/**
 * Which event carried each of a message's steps: a `sent` (or a first failure) is in `message.status.batch`,
 * with any report that came before it was announced; a report after its `sent` was announced is in `message.reports`.
 */
function expectReportsFollowSent(messageId: string) {
  const carrying = bulkEvents().filter((event) => event.items.some((item) => item.messageId === messageId));
  const sentIn = carrying.find((event) => event.items.some((item) => item.messageId === messageId && item.status === 'sent'));
  for (const event of carrying) {
    for (const item of event.items.filter((step) => step.messageId === messageId)) {
      const expected = item.status === 'sent' || !sentIn || event === sentIn ? 'outcome' : 'report';
      expect([item.status, event.event]).toEqual([item.status, expected]);
    }
  }
}

function final(messageIds: string[], statuses: string[]) {
  return until(() => messageIds.every((id) => statusesOf(id).some((status) => statuses.includes(status))), {
    what: `${messageIds.length} recipients to reach ${statuses.join(' or ')}`,
    deadline: 30_000,
  });
}

describe('provider.send.batch', () => {
  it('sends each recipient once when the batch is delivered twice, and announces sent and delivered in batched events', async () => {
    // Reports come back before the submit responses are recorded: kept, then applied with them.
    const provider = await desk.createProvider('bulk', { reportDelayMs: 0 });
    const organizationId = await desk.routeForNewOrganization([provider]);
    const command = batch(organizationId, numbers(120));
    const ids = command.recipients.map((recipient) => recipient.messageId);
    await Promise.all([sendBatch(command), sendBatch(command)]);
    await final(ids, ['delivered']);
    await platform.drained();

    for (const id of ids) {
      expect(statusesOf(id)).toEqual(['sent', 'delivered']);
      expectReportsFollowSent(id);
      expect((await desk.attempts(id)).map((attempt) => [attempt.provider_name, attempt.try, attempt.state])).toEqual([[provider.name, 1, 'accepted']]);
    }
    expect(probe.heard(MessageStatusChanged).filter((event) => ids.includes(event.messageId))).toEqual([]);
    const events = probe.heard(MessageStatusBatch).filter((event) => ids.includes(event.items[0].messageId));
    // Batched: far fewer events than steps (each event holds at most 500).
    expect(events.length).toBeLessThan(ids.length);
    expect(Math.max(...events.map((event) => event.items.length))).toBeLessThanOrEqual(500);
  }, 60_000);

  it('announces the reports that follow an announced sent in message.reports, apart from the outcomes billing settles', async () => {
    const provider = await desk.createProvider('bulk-reports-later', {});
    const command = batch(await desk.routeForNewOrganization([provider]), numbers(6));
    const ids = command.recipients.map((recipient) => recipient.messageId);
    await sendBatch(command);
    await final(ids, ['sent']);
    const sent = batchItems().filter((item) => ids.includes(item.messageId) && item.status === 'sent');
    const report = (providerMessageId: string, status: string) => JSON.stringify({ providerMessageId, status, ...(status === 'undelivered' && { errorCode: 'handset_unreachable' }) });
    const reports = sent.map((item, index) => report(item.providerMessageId!, index === 0 ? 'undelivered' : 'delivered'));
    const answer = await platform.api.request('POST', `/v1/webhooks/providers/${provider.name}`, { rawBody: `[${reports.join(',')}]`, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(204);
    await final(ids, ['delivered', 'undelivered']);
    await platform.drained();

    const carrying = bulkEvents().filter((event) => event.items.some((item) => ids.includes(item.messageId)));
    expect(carrying.flatMap((event) => event.items.map((item) => `${item.status}:${event.event}`)).sort()).toEqual(
      [...ids.map(() => 'sent:outcome'), 'undelivered:report', ...ids.slice(1).map(() => 'delivered:report')].sort(),
    );
  }, 60_000);

  it('fails a bad recipient alone and retries transient failures per recipient with backoff, each once', async () => {
    const flaky = await desk.createProvider('bulk-flaky', { failTransientlyTimes: 2, invalidNumberSuffixes: ['0999'], reportDelayMs: 20 });
    const organizationId = await desk.routeForNewOrganization([flaky]);
    const command = batch(organizationId, [...numbers(6), '+12025550999']);
    const ids = command.recipients.map((recipient) => recipient.messageId);
    const bad = ids[ids.length - 1];
    await sendBatch(command);
    await final(ids, ['delivered', 'failed']);
    await platform.drained();

    expect(statusesOf(bad)).toEqual(['failed']);
    expect(batchItems().find((item) => item.messageId === bad)).toEqual(expect.objectContaining({ errorCode: 'invalid_number', provider: flaky.name }));
    const good = ids.slice(0, -1);
    for (const id of good) expect(statusesOf(id)).toEqual(['sent', 'delivered']);
    for (const id of ids) expectReportsFollowSent(id);
    const tries = await Promise.all(good.map(async (id) => (await desk.attempts(id)).map((attempt) => `${attempt.try}:${attempt.state}`).join(',')));
    // The first two submits failed transiently; those two recipients were tried again later on the same provider.
    expect(tries.filter((attempts) => attempts === '1:failed,2:accepted')).toHaveLength(2);
    expect(tries.filter((attempts) => attempts === '1:accepted')).toHaveLength(good.length - 2);
    expect(probe.heard(MessageStatusChanged).filter((event) => ids.includes(event.messageId))).toEqual([]);
  }, 60_000);

  it('retries a recipient whose submit got no answer only after the acceptance window and a second lookup, so one the provider took late is sent once', async () => {
    const gateway = platform.closeOnStop(await CountingProvider.start());
    const asking = await desk.createProvider('bulk-late', { ...gateway.accountSettings(), timeoutMs: 1_000 }, { kind: 'http' });
    const command = batch(await desk.routeForNewOrganization([asking]), numbers(4));
    const ids = command.recipients.map((recipient) => recipient.messageId);
    const late = command.recipients[0];
    // No answer in time, nothing found by the lookup right after the timeout, taken all the same just after it.
    gateway.stalled.set(late.to, 'late');
    await sendBatch(command);
    await final(ids, ['sent']);
    await platform.drained();

    for (const id of ids) {
      expect(gateway.sends.get(id)).toBe(1);
      expect(statusesOf(id)).toEqual(['sent']);
    }
    expect(batchItems().find((item) => item.messageId === late.messageId)).toEqual(expect.objectContaining({ providerMessageId: `cp-${late.messageId}` }));
    expect(gateway.lookups.get(late.messageId)).toBe(2);
    const [attempt, ...more] = await desk.attempts(late.messageId);
    expect(more).toEqual([]);
    expect([attempt.try, attempt.state, attempt.error_code, attempt.provider_message_id]).toEqual([1, 'accepted', null, `cp-${late.messageId}`]);
    expect(attempt.updated_at.getTime() - attempt.created_at.getTime()).toBeGreaterThanOrEqual(1_000 + ACCEPTANCE_WINDOW_MS);
  }, 60_000);
});
