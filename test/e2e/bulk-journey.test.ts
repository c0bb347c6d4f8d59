import { TestPlatform, until } from '@zagel/testing';
import { JOURNEY_SETTINGS } from './support/journeys';

// A 10,000-message batch through the whole platform on the bulk lane: the public API, ingestion's
// batched requests, the dispatcher's route to providers, provider-sender's batched sends to the
// built-in simulator (delivery reports after a second) and batched statuses back into the record.

const zagel = new TestPlatform({ settings: JOURNEY_SETTINGS });

beforeAll(() => zagel.start(), 180_000);
afterAll(() => zagel.stop(), 60_000);

const SIZE = 10_000;
const PROVIDER_PROMOTIONAL_PRICE = 5;

it('brings every message of a 10,000-message batch to a final status on the provider simulator', async () => {
  const customer = await zagel.customer({ credit: SIZE * PROVIDER_PROMOTIONAL_PRICE + 1_000 });
  const messages = Array.from({ length: SIZE }, (_, index) => ({ to: `+1415555${String(index).padStart(4, '0')}`, body: `Winter sale ${index}: 20% off` }));
  const batch = (await customer.app.post('/v1/messages/batch', { defaults: { type: 'promotional' }, messages })).expectStatus(202);
  expect(batch.accepted).toHaveLength(SIZE);
  expect(batch.totalPrice).toBe(SIZE * PROVIDER_PROMOTIONAL_PRICE);

  const ingestion = zagel.db('ingestion');
  const countByStatus = async () =>
    new Map(
      (
        await ingestion.query<{ status: string; count: string }>(`SELECT status, count(*) FROM messages WHERE batch_id = $1 GROUP BY status`, [batch.batchId])
      ).map((row) => [row.status, Number(row.count)]),
    );
  const statuses = await until(
    async () => {
      const counts = await countByStatus();
      return counts.get('delivered') === SIZE ? counts : undefined;
    },
    { what: `all ${SIZE} messages delivered`, deadline: 150_000, interval: 1_000 },
  );
  expect([...statuses.keys()]).toEqual(['delivered']);

  const sample = (await customer.app.get(`/v1/messages/${batch.accepted[SIZE - 1].id}`)).body;
  expect(sample).toEqual(expect.objectContaining({ status: 'delivered', route: 'provider', provider: 'simulator', batchId: batch.batchId, deliveredAt: expect.any(String) }));
  expect(sample.history?.map((entry) => entry.status)).toEqual(expect.arrayContaining(['queued', 'sent', 'delivered']));
  // Each recipient was submitted exactly once.
  const attempts = await zagel.db('provider-sender').query<{ count: string }>(
    `SELECT count(*) FROM attempts WHERE message_id = ANY($1::uuid[])`,
    [batch.accepted.map((accepted) => accepted.id)],
  );
  expect(Number(attempts[0].count)).toBe(SIZE);
}, 240_000);
