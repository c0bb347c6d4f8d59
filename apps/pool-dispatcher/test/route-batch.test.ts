import { v7 as uuidv7 } from 'uuid';
import { MessageBatchRequestedPayload, MessageStatusChanged } from '@zagel/contracts';
import { TestPlatform, until } from '@zagel/testing';
import { DispatchDesk } from './support/dispatch-desk';

/** `message.batch.requested` on the dispatcher's bulk lane: decided per recipient, sent and announced per batch. */

const VODAFONE_EG = '+20100';
const GERMAN_MOBILE = '+4915112345678';

const platform = new TestPlatform({
  services: ['auth', 'pool-dispatcher'],
  settings: { DEVICE_ACK_TIMEOUT_MS: '60000', DEVICE_MAX_ATTEMPTS: '3', LEASE_POLL_INTERVAL_MS: '50', DISPATCH_STRATEGY: 'fill-first' },
});
let dispatch: DispatchDesk;

beforeAll(async () => {
  await platform.start();
  dispatch = await DispatchDesk.open(platform);
}, 120_000);
afterAll(() => platform.stop(), 60_000);
afterEach(() => dispatch.disconnectAll());

const idsOf = (batch: MessageBatchRequestedPayload) => batch.recipients.map((recipient) => recipient.messageId);
const providerBatchesOf = (batch: MessageBatchRequestedPayload) => dispatch.providerBatches.filter((sent) => sent.organizationId === batch.organizationId);
const statusBatchesOf = (batch: MessageBatchRequestedPayload) =>
  dispatch.statusBatches.filter((statuses) => statuses.items.some((item) => item.organizationId === batch.organizationId));
const pushesOf = (batch: MessageBatchRequestedPayload) => idsOf(batch).flatMap((id) => dispatch.pushesFor(id));

describe('a bulk batch', () => {
  it('goes to the phones that can take it, the rest in ONE provider.send.batch, announced in ONE message.status.batch; redelivered, it changes nothing', async () => {
    const first = await dispatch.registerPhone(VODAFONE_EG, 'manual');
    const second = await dispatch.registerPhone(VODAFONE_EG, 'manual');
    await dispatch.setQuota(first.id, 1);
    await dispatch.setQuota(second.id, 1);
    await dispatch.connect(first.id, second.id);
    const tos = [dispatch.number(VODAFONE_EG), dispatch.number(VODAFONE_EG), dispatch.number(VODAFONE_EG), dispatch.number(VODAFONE_EG), GERMAN_MOBILE];

    const batch = await dispatch.requestBatch(tos);
    const [toProviders] = await until(() => (providerBatchesOf(batch).length > 0 ? providerBatchesOf(batch) : undefined), { what: 'the provider batch' });
    await until(() => pushesOf(batch).length === 2 || undefined, { what: 'two pushes' });

    expect(new Set(pushesOf(batch).map((push) => push.payload.deviceId))).toEqual(new Set([first.id, second.id]));
    const pushed = pushesOf(batch).map((push) => push.payload.messageId);
    expect(toProviders).toMatchObject({ organizationId: batch.organizationId, messageType: batch.messageType });
    expect(toProviders.recipients.map((recipient) => recipient.messageId).sort()).toEqual(idsOf(batch).filter((id) => !pushed.includes(id)).sort());
    expect(toProviders.recipients).toContainEqual(batch.recipients[4]);
    const [statuses] = await until(() => (statusBatchesOf(batch).length > 0 ? statusBatchesOf(batch) : undefined), { what: 'the status batch' });
    expect(statuses.items.map((item) => [item.messageId, item.status, item.deviceId]).sort()).toEqual(
      pushesOf(batch)
        .map((push) => [push.payload.messageId, 'routing', push.payload.deviceId])
        .sort(),
    );
    const decisions = await dispatch.query<{ outcome: string }>(`SELECT outcome FROM routed_messages WHERE message_id = ANY($1::uuid[]) ORDER BY outcome`, [idsOf(batch)]);
    expect(decisions.map((row) => row.outcome)).toEqual(['device', 'device', 'provider', 'provider', 'provider']);

    // Delivered again, twice at once (a consumer that died before its ack, and a retry).
    await Promise.all([dispatch.publishBatch(batch), dispatch.publishBatch(batch)]);
    await platform.drained();

    expect(pushesOf(batch)).toHaveLength(2);
    expect(providerBatchesOf(batch).flatMap((sent) => sent.recipients)).toHaveLength(3);
    expect(idsOf(batch).flatMap((id) => dispatch.statusesFor(id))).toEqual([
      expect.objectContaining({ status: 'routing' }),
      expect.objectContaining({ status: 'routing' }),
    ]);
  }, 30_000);

  it('expired: never pushed nor handed to the providers, every recipient announced expired in one status batch', async () => {
    const phone = await dispatch.registerPhone(VODAFONE_EG, 'manual');
    await dispatch.connect(phone.id);

    const batch = await dispatch.requestBatch([dispatch.number(VODAFONE_EG), dispatch.number(VODAFONE_EG)], { expiresAt: new Date(Date.now() - 1_000).toISOString() });
    const [statuses] = await until(() => (statusBatchesOf(batch).length > 0 ? statusBatchesOf(batch) : undefined), { what: 'the status batch' });
    await platform.drained();

    expect(statuses.items.map((item) => [item.messageId, item.status]).sort()).toEqual(idsOf(batch).map((id) => [id, 'expired']).sort());
    expect(pushesOf(batch)).toEqual([]);
    expect(providerBatchesOf(batch)).toEqual([]);
  }, 30_000);

  it('route devices with no phone: every recipient failed (no_device_available), nothing to the providers', async () => {
    const batch = await dispatch.requestBatch([dispatch.number(VODAFONE_EG), GERMAN_MOBILE], { route: 'devices' });
    const [statuses] = await until(() => (statusBatchesOf(batch).length > 0 ? statusBatchesOf(batch) : undefined), { what: 'the status batch' });
    await platform.drained();

    expect(statuses.items.map((item) => [item.messageId, item.status, item.errorCode]).sort()).toEqual(idsOf(batch).map((id) => [id, 'failed', 'no_device_available']).sort());
    expect(providerBatchesOf(batch)).toEqual([]);
  }, 30_000);

  it('route providers skips the phones; a recipient canceled before the batch is left out', async () => {
    const phone = await dispatch.registerPhone(VODAFONE_EG, 'manual');
    await dispatch.connect(phone.id);
    const batch: MessageBatchRequestedPayload = {
      batchId: uuidv7(),
      organizationId: uuidv7(),
      messageType: 'promotional',
      route: 'providers',
      recipients: [0, 1, 2].map(() => ({ messageId: uuidv7(), to: dispatch.number(VODAFONE_EG), body: 'Doors open at 9' })),
    };
    const canceled = batch.recipients[1].messageId;
    await dispatch.bus.publish(MessageStatusChanged, { messageId: canceled, organizationId: batch.organizationId, status: 'canceled', origin: 'api', at: new Date().toISOString() }, { tenantId: batch.organizationId });
    await platform.drained();

    await dispatch.publishBatch(batch);
    const [toProviders] = await until(() => (providerBatchesOf(batch).length > 0 ? providerBatchesOf(batch) : undefined), { what: 'the provider batch' });
    await platform.drained();

    expect(toProviders.recipients.map((recipient) => recipient.messageId).sort()).toEqual(idsOf(batch).filter((id) => id !== canceled).sort());
    expect(pushesOf(batch)).toEqual([]);
  }, 30_000);

  it('a recipient whose phone refuses it moves on like a single message: here to the providers', async () => {
    const phone = await dispatch.registerPhone(VODAFONE_EG, 'rejects');
    await dispatch.connect(phone.id);

    const batch = await dispatch.requestBatch([dispatch.number(VODAFONE_EG)]);
    const id = batch.recipients[0].messageId;
    await dispatch.waitForPushes(id, 1);
    const send = await until(() => dispatch.providerSends.find((sent) => sent.messageId === id), { what: 'the message to go to the providers' });

    expect(send).toMatchObject({ to: batch.recipients[0].to, body: batch.recipients[0].body, organizationId: batch.organizationId });
    expect(providerBatchesOf(batch)).toEqual([]);
  }, 30_000);
});
