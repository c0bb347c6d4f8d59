import { randomBytes, randomUUID } from 'node:crypto';
import { ApiKeyRevoked, ApiKeyScope } from '@zagel/contracts';
import { expectProblem, TestCustomerAccount, TestPlatform, until } from '@zagel/testing';

const platform = new TestPlatform({ services: ['api-gateway', 'auth'] });
let owner: TestCustomerAccount;

beforeAll(async () => {
  await platform.start();
  owner = await platform.signUp('keys');
}, 120_000);

afterAll(() => platform.stop(), 30_000);

async function createApiKey(scopes: ApiKeyScope[] = ['verify']) {
  return (await owner.api.post('/v1/api-keys', { name: `key ${randomBytes(2).toString('hex')}`, scopes })).expectStatus(201);
}

describe('API keys', () => {
  it('are created with the key shown once (zk_live_...) and authenticate as X-API-Key and as a bearer token', async () => {
    const created = await owner.api.post('/v1/api-keys', { name: 'backend', scopes: ['verify', 'messages:send'] });

    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({ id: expect.any(String), name: 'backend', prefix: expect.any(String), scopes: ['verify', 'messages:send'] }),
    );
    expect(created.body.key).toMatch(/^zk_live_[A-Za-z0-9_-]{20,}$/);
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);

    const viaHeader = await platform.api.get('/v1/ping', { as: { apiKey: created.body.key } });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body.organizationId).toBe(owner.organizationId);

    const viaBearer = await platform.api.get('/v1/ping', { as: { bearer: created.body.key } });
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.body.organizationId).toBe(owner.organizationId);
  });

  it('are listed with prefix, scopes and last use, never the key itself', async () => {
    const key = await createApiKey(['messages:read']);
    expect((await platform.api.get('/v1/ping', { as: { apiKey: key.key } })).status).toBe(200);

    const listed = await until(
      async () => {
        const list = await owner.api.get('/v1/api-keys');
        const item = list.body.items.find((candidate) => candidate.id === key.id);
        return item?.lastUsedAt ? list : undefined;
      },
      { what: 'the key to be listed with its last use', deadline: 5_000, interval: 200 },
    );
    expect(listed.body.items.find((item) => item.id === key.id)).toEqual(
      expect.objectContaining({ prefix: key.prefix, scopes: ['messages:read'], lastUsedAt: expect.any(String) }),
    );
    expect(listed.text).not.toContain(key.key);
    for (const item of listed.body.items) expect(item).not.toHaveProperty('key');
  });

  it('stop working within seconds of DELETE /v1/api-keys/{id} (204) with 401 invalid_api_key', async () => {
    const key = await createApiKey();
    expect((await platform.api.get('/v1/ping', { as: { apiKey: key.key } })).status).toBe(200); // now cached by the gateway

    const revoked = await owner.api.delete(`/v1/api-keys/${key.id}`);
    expect(revoked.status).toBe(204);

    const refused = await until(
      async () => {
        const response = await platform.api.get('/v1/ping', { as: { apiKey: key.key } });
        return response.status === 401 ? response : undefined;
      },
      { what: 'the revoked key to be refused', deadline: 5_000, interval: 100 },
    );
    expectProblem(refused, 401, 'invalid_api_key');
  });

  it("carries the request's X-Correlation-ID and tenant to the service, and so to what the service publishes", async () => {
    const probe = await platform.probe({ service: 'correlation-test', hears: [ApiKeyRevoked] });
    const key = await createApiKey();
    const correlationId = randomUUID();

    (await owner.api.request('DELETE', `/v1/api-keys/${key.id}`, { headers: { 'x-correlation-id': correlationId } })).expectStatus(204);

    const { metadata } = await until(() => probe.heardWithMetadata(ApiKeyRevoked).find((event) => event.payload.apiKeyId === key.id), {
      what: 'the revocation announced',
    });
    expect(metadata).toMatchObject({ correlationId, tenantId: owner.organizationId });
  });

  it('an unknown key is refused with 401 invalid_api_key, no credential with 401 unauthenticated', async () => {
    expectProblem(await platform.api.get('/v1/ping', { as: { apiKey: `zk_live_${randomBytes(24).toString('hex')}` } }), 401, 'invalid_api_key');
    expectProblem(await platform.api.get('/v1/ping'), 401, 'unauthenticated');
  });

  it('refuses an unknown scope with 400 validation_failed naming the field', async () => {
    const response = await owner.api.request('POST', '/v1/api-keys', { body: { name: 'bad scope', scopes: ['everything'] } });

    const problem = expectProblem(response, 400, 'validation_failed');
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^scopes/) })]));
  });

  it('a key cannot manage keys: POST /v1/api-keys with an API key is refused with 403', async () => {
    const key = await createApiKey(['verify', 'messages:send', 'messages:read', 'campaigns', 'billing:read', 'templates']);
    const response = await platform.api.post('/v1/api-keys', { name: 'minted by a key', scopes: ['verify'] }, { as: { apiKey: key.key } });

    expect(response.status).toBe(403);
    expect(['forbidden', 'insufficient_scope']).toContain(response.problem?.code);
  });
});

describe('Idempotency-Key on POST /v1/api-keys', () => {
  it('replays the first response for the same key and body, with Idempotent-Replayed: true, creating one key only', async () => {
    const idempotencyKey = randomUUID();
    const name = `idempotent ${randomBytes(3).toString('hex')}`;
    const body = { name, scopes: ['verify' as const] };

    const first = await owner.api.post('/v1/api-keys', body, { idempotencyKey });
    const second = await owner.api.post('/v1/api-keys', body, { idempotencyKey });

    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).not.toBe('true');
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);

    const list = await owner.api.get('/v1/api-keys');
    expect(list.body.items.filter((item) => item.name === name)).toHaveLength(1);
  });

  it('answers the same key with a different body with 422 idempotency_key_reused', async () => {
    const idempotencyKey = randomUUID();
    expect((await owner.api.post('/v1/api-keys', { name: 'first body', scopes: ['verify'] }, { idempotencyKey })).status).toBe(201);

    const reused = await owner.api.post('/v1/api-keys', { name: 'second body', scopes: ['verify'] }, { idempotencyKey });
    expectProblem(reused, 422, 'idempotency_key_reused');
    const names = (await owner.api.get('/v1/api-keys')).body.items.map((item) => item.name);
    expect(names).not.toContain('second body');
  });

  it("is kept per organization: another organization's request with the same key and body is not a replay", async () => {
    const other = await platform.signUp('idempotency-other');
    const idempotencyKey = randomUUID();
    const body = { name: 'same everywhere', scopes: ['verify' as const] };

    const mine = await owner.api.post('/v1/api-keys', body, { idempotencyKey });
    const theirs = await other.api.post('/v1/api-keys', body, { idempotencyKey });

    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers.get('idempotent-replayed')).not.toBe('true');
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.key).not.toBe(mine.body.key);
  });

  it('concurrent retries with one key create one API key: the others are replays or 409 idempotency_in_progress', async () => {
    const idempotencyKey = randomUUID();
    const name = `concurrent ${randomBytes(3).toString('hex')}`;
    const responses = await Promise.all(Array.from({ length: 5 }, () => owner.api.post('/v1/api-keys', { name, scopes: ['verify'] }, { idempotencyKey })));

    for (const response of responses) {
      if (response.status === 409) expectProblem(response, 409, 'idempotency_in_progress');
      else expect(response.status).toBe(201);
    }
    const created = responses.filter((response) => response.status === 201);
    expect(new Set(created.map((response) => response.body.id)).size).toBe(1);
    expect((await owner.api.get('/v1/api-keys')).body.items.filter((item) => item.name === name)).toHaveLength(1);
  });
});
