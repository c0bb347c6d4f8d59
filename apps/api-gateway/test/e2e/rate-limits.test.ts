import { ApiReply, PublicApiClient } from '@zagel/sdk';
import { expectProblem, TestCustomerAccount, TestPlatform } from '@zagel/testing';

const PER_KEY_PER_MINUTE = 5;
/** Above what one organization spends in the per-key tests (about 17 requests). */
const PER_ORG_PER_MINUTE = 30;
/** Above what every other test in this file spends from 127.0.0.1 (about 55 requests), low enough to reach. */
const PER_IP_PER_MINUTE = 100;

const platform = new TestPlatform({
  services: ['api-gateway', 'auth'],
  settings: {
    RATE_LIMIT_PER_KEY_PER_MINUTE: String(PER_KEY_PER_MINUTE),
    RATE_LIMIT_PER_ORG_PER_MINUTE: String(PER_ORG_PER_MINUTE),
    RATE_LIMIT_PER_IP_PER_MINUTE: String(PER_IP_PER_MINUTE),
    TRUSTED_PROXIES: '127.0.0.1, ::1',
  },
});
let owner: TestCustomerAccount;

beforeAll(async () => {
  await platform.start();
  owner = await platform.signUp('limited');
}, 120_000);

afterAll(() => platform.stop(), 30_000);

/** A new API key of the organization: its value, and the API called with it as X-API-Key. */
async function createApiKey(account: TestCustomerAccount): Promise<{ key: string; api: PublicApiClient }> {
  const { key } = (await account.api.post('/v1/api-keys', { name: 'limited key', scopes: ['verify'] })).expectStatus(201);
  return { key, api: platform.api.as({ apiKey: key }) };
}

describe('rate limits per API key', () => {
  it('count down in RateLimit-* headers, then answer 429 rate_limited with Retry-After; another key of the same organization is unaffected', async () => {
    const key = await createApiKey(owner);
    const remaining: number[] = [];
    for (let request = 0; request < PER_KEY_PER_MINUTE; request++) {
      const response = await key.api.get('/v1/ping');
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe(String(PER_KEY_PER_MINUTE));
      expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      remaining.push(Number(response.headers.get('ratelimit-remaining')));
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);

    const limited = await key.api.get('/v1/ping');
    expectProblem(limited, 429, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');

    const sibling = await createApiKey(owner);
    expect((await sibling.api.get('/v1/ping')).status).toBe(200);
  });

  it('the same key as a bearer token shares the counter with X-API-Key', async () => {
    const key = await createApiKey(owner);
    for (let request = 0; request < PER_KEY_PER_MINUTE; request++) {
      const as = request % 2 === 0 ? { apiKey: key.key } : { bearer: key.key };
      expect((await platform.api.get('/v1/ping', { as })).status).toBe(200);
    }
    expectProblem(await platform.api.get('/v1/ping', { as: { bearer: key.key } }), 429, 'rate_limited');
  });

  it('RateLimit-* headers are on user-token responses too', async () => {
    const response = await owner.api.get('/v1/me');

    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-limit')).toMatch(/^\d+$/);
    expect(response.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
    expect(response.headers.get('ratelimit-reset')).toMatch(/^\d+$/);
  });
});

describe('rate limits per organization', () => {
  it("are shared by the organization's users and keys; other organizations are unaffected", async () => {
    const busy = await platform.signUp('busy-org');
    const key = await createApiKey(busy); // the organization's first counted request
    let limited: ApiReply<unknown> | undefined;
    let lastLimit: string | null = null;
    for (let request = 1; request <= PER_ORG_PER_MINUTE && !limited; request++) {
      const response = await busy.api.get('/v1/ping');
      if (response.status === 429) limited = response;
      else lastLimit = response.headers.get('ratelimit-limit');
    }

    expect(lastLimit).toBe(String(PER_ORG_PER_MINUTE));
    if (!limited) throw new Error(`no 429 after ${PER_ORG_PER_MINUTE} requests of one organization`);
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expectProblem(await key.api.get('/v1/ping'), 429, 'rate_limited');
    expect((await owner.api.get('/v1/ping')).status).toBe(200);
  });
});

describe('rate limits per client IP (runs last: it uses up this address for the minute)', () => {
  // The platform trusts 127.0.0.1 as a proxy, so the address a request is counted under is the one it forwards for.
  it('apply to public routes too: 429 rate_limited with Retry-After once the address is over its limit', async () => {
    let limited: ApiReply<unknown> | undefined;
    let lastLimit: string | null = null;
    for (let request = 0; request <= PER_IP_PER_MINUTE && !limited; request++) {
      const response = await platform.api.get('/.well-known/jwks.json');
      if (response.status === 429) limited = response;
      else lastLimit = response.headers.get('ratelimit-limit');
    }

    expect(lastLimit).toBe(String(PER_IP_PER_MINUTE));
    if (!limited) throw new Error(`no 429 after ${PER_IP_PER_MINUTE + 1} requests from one address`);
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    const jwks = `${platform.url('api-gateway')}/.well-known/jwks.json`;
    const forwarded = await fetch(jwks, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(forwarded.status).toBe(200);
    expect(forwarded.headers.get('ratelimit-remaining')).toBe(String(PER_IP_PER_MINUTE - 1));
  });
});
