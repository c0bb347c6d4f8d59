import { eventually, expectProblem, otpCodeIn as codeIn, TestCustomer, TestPlatform } from '@zagel/testing';
import { FakeRouter, numberRange } from './support/fake-router';

const platform = new TestPlatform({ services: ['auth', 'billing', 'otp', 'api-gateway'] });
let router: FakeRouter;

beforeAll(async () => {
  await platform.start();
  router = await FakeRouter.start(platform);
}, 120_000);

afterAll(() => platform.stop(), 30_000);

interface Listed {
  id: string;
  to: string;
  status: string;
  route: string;
  attempts: number;
  sends: { messageId: string; status: string; route: string; provider?: string }[];
  createdAt: string;
}
interface Page {
  items: Listed[];
  nextCursor?: string;
}

const list = async (customer: TestCustomer, query = '') => (await customer.app.get(`/v1/verifications?${query}`)).expectStatus(200) as Page;
const idsOf = (page: Page) => page.items.map((item) => item.id);

/** Every page of the list, `limit` at a time; `between` runs after each page. */
async function walk(customer: TestCustomer, limit: number, between: () => Promise<void> = async () => undefined): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    pages.push(await list(customer, `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`));
    cursor = pages[pages.length - 1].nextCursor;
    await between();
  } while (cursor && pages.length < 20);
  return pages;
}

describe('the list of verifications', () => {
  let owner: TestCustomer;
  const started: { id: string; to: string; createdAt: string }[] = [];
  let approvedCode: string;

  beforeAll(async () => {
    owner = await platform.customer({ credit: 10_000, label: 'otp-list' });
    const number = numberRange();
    for (let index = 0; index < 5; index += 1) {
      const to = number();
      const { id, createdAt } = (await owner.app.post('/v1/verifications', { to })).expectStatus(201) as { id: string; createdAt: string };
      started.push({ id, to, createdAt });
    }
    // #0 approved through a provider, #1 canceled, #2 past its expiry (not swept yet), #3 and #4 pending.
    const first = await router.messageFor(started[0].to);
    await router.report(first, 'delivered', { provider: 'twilio-us' });
    approvedCode = codeIn(first.body);
    await eventually(async () => {
      expect(((await owner.app.get(`/v1/verifications/${started[0].id}`)).body as { route: string }).route).toBe('provider');
    });
    expect(((await owner.app.post('/v1/verifications/check', { to: started[0].to, code: approvedCode })).body as { status: string }).status).toBe('approved');
    (await owner.app.post(`/v1/verifications/${started[1].id}/cancel`)).expectStatus(200);
    await platform.db('otp').query(`UPDATE verifications SET expires_at = now() - interval '1 second' WHERE id = $1`, [started[2].id]);
  }, 60_000);

  it('answers every verification newest first, as a read of one answers it and without any code', async () => {
    const page = await list(owner);
    expect(idsOf(page)).toEqual(started.map((item) => item.id).reverse());
    expect(page.nextCursor).toBeUndefined();
    expect(page.items.map((item) => item.status)).toEqual(['pending', 'pending', 'expired', 'canceled', 'approved']);

    const approved = page.items[4];
    expect(approved).toEqual((await owner.app.get(`/v1/verifications/${approved.id}`)).expectStatus(200));
    expect(approved).toEqual(expect.objectContaining({ to: started[0].to, route: 'provider' }));
    expect(approved.sends).toEqual([expect.objectContaining({ status: 'delivered', route: 'provider', provider: 'twilio-us' })]);
    const text = JSON.stringify(page);
    expect(text).not.toContain(approvedCode);
    expect(text).not.toMatch(/hash|hmac|sealed|message_template/i);
  });

  it('narrows to a status as it reads now, a number in any notation, and a creation time range', async () => {
    expect(idsOf(await list(owner, 'status=approved'))).toEqual([started[0].id]);
    expect(idsOf(await list(owner, 'status=canceled'))).toEqual([started[1].id]);
    expect(idsOf(await list(owner, 'status=expired'))).toEqual([started[2].id]);
    expect(idsOf(await list(owner, 'status=pending'))).toEqual([started[4].id, started[3].id]);
    expect(idsOf(await list(owner, 'status=max_attempts_reached'))).toEqual([]);

    const spaced = started[3].to.replace(/^(\+49)(\d{3})(\d+)$/, '$1 $2 $3');
    expect(idsOf(await list(owner, `to=${encodeURIComponent(spaced)}`))).toEqual([started[3].id]);

    const from = encodeURIComponent(started[1].createdAt);
    const until = encodeURIComponent(started[3].createdAt);
    expect(idsOf(await list(owner, `from=${from}&until=${until}`))).toEqual([started[2].id, started[1].id]);
    expect(idsOf(await list(owner, `from=${from}&until=${until}&status=expired`))).toEqual([started[2].id]);
  });

  it('pages by cursor without repeating or skipping one, while new verifications start', async () => {
    const number = numberRange();
    const pages = await walk(owner, 2, async () => {
      (await owner.app.post('/v1/verifications', { to: number() })).expectStatus(201);
    });
    expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap(idsOf)).toEqual(started.map((item) => item.id).reverse());
    expect(pages[2].nextCursor).toBeUndefined();

    // The ones started meanwhile are on top of the next walk, filters applying to every page.
    const pending = (await walk(owner, 2)).flatMap(idsOf);
    expect(pending).toHaveLength(8);
    expect(pending.slice(3)).toEqual(started.map((item) => item.id).reverse());
    expect((await walk(owner, 1)).map((page) => page.items.length)).toEqual(Array(8).fill(1));
  });

  it('shows another organization nothing, not even through a cursor of this one', async () => {
    const stranger = await platform.customer({ credit: 1_000, label: 'otp-list-stranger' });
    expect(await list(stranger)).toEqual({ items: [] });
    expect(await list(stranger, `cursor=${started[4].id}`)).toEqual({ items: [] });
    expect(await list(stranger, `to=${encodeURIComponent(started[0].to)}`)).toEqual({ items: [] });
    expect(idsOf(await list(owner, `cursor=${started[4].id}&limit=1`))).toEqual([started[3].id]);
  });

  it('refuses a bad filter with a problem, and a key without the verify scope', async () => {
    expectProblem(await owner.app.get('/v1/verifications?status=delivered'), 400, 'validation_failed');
    expectProblem(await owner.app.get('/v1/verifications?limit=101'), 400, 'validation_failed');
    expectProblem(await owner.app.get('/v1/verifications?limit=0'), 400, 'validation_failed');
    expectProblem(await owner.app.get('/v1/verifications?cursor=page-2'), 400, 'validation_failed');
    expectProblem(await owner.app.get('/v1/verifications?from=yesterday'), 400, 'validation_failed');
    expectProblem(await owner.app.get('/v1/verifications?to=12'), 422, 'invalid_phone_number');

    const key = await owner.owner.post('/v1/api-keys', { name: 'reader', scopes: ['messages:read'] });
    expect((await platform.api.get('/v1/verifications', { as: { apiKey: (key.body as { key: string }).key } })).status).toBe(403);
  });
});
