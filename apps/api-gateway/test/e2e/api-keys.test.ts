import { randomBytes, randomUUID } from 'node:crypto';
import { eventually } from '@zagel/testing';
import { createApiKey, Customer, Edge, expectProblem, itemsOf, registerCustomer, startEdge } from './support/edge';

let edge: Edge;
let owner: Customer;

beforeAll(async () => {
  edge = await startEdge();
  owner = await registerCustomer(edge.api, 'keys');
}, 90_000);

afterAll(async () => {
  await edge?.stop();
});

describe('API keys', () => {
  it('are created with the key shown once (zk_live_...) and authenticate as X-API-Key and as a bearer token', async () => {
    const created = await edge.api.post('/v1/api-keys', { name: 'backend', scopes: ['verify', 'messages:send'] }, { as: owner.as });

    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({ id: expect.any(String), name: 'backend', prefix: expect.any(String), scopes: ['verify', 'messages:send'] }),
    );
    expect(created.body.key).toMatch(/^zk_live_[A-Za-z0-9_-]{20,}$/);
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);

    const viaHeader = await edge.api.get('/v1/ping', { as: { apiKey: created.body.key } });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body.organizationId).toBe(owner.organizationId);

    const viaBearer = await edge.api.get('/v1/ping', { as: { bearer: created.body.key } });
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.body.organizationId).toBe(owner.organizationId);
  });

  it('are listed with prefix, scopes and last use, never the key itself', async () => {
    const key = await createApiKey(edge.api, owner, ['messages:read']);
    expect((await edge.api.get('/v1/ping', { as: key.as })).status).toBe(200);

    const listed = await eventually(
      async () => {
        const list = await edge.api.get('/v1/api-keys', { as: owner.as });
        expect(list.status).toBe(200);
        const item = itemsOf(list.body).find((candidate) => candidate.id === key.id);
        expect(item).toEqual(expect.objectContaining({ prefix: key.prefix, scopes: ['messages:read'], lastUsedAt: expect.any(String) }));
        return list;
      },
      { timeoutMs: 5_000, intervalMs: 200 },
    );
    expect(listed.text).not.toContain(key.key);
    for (const item of itemsOf(listed.body)) expect(item).not.toHaveProperty('key');
  });

  it('stop working within seconds of DELETE /v1/api-keys/{id} (204) with 401 invalid_api_key', async () => {
    const key = await createApiKey(edge.api, owner);
    expect((await edge.api.get('/v1/ping', { as: key.as })).status).toBe(200); // now cached by the gateway

    const revoked = await edge.api.delete(`/v1/api-keys/${key.id}`, { as: owner.as });
    expect(revoked.status).toBe(204);

    const refused = await eventually(
      async () => {
        const response = await edge.api.get('/v1/ping', { as: key.as });
        expect(response.status).toBe(401);
        return response;
      },
      { timeoutMs: 5_000, intervalMs: 100 },
    );
    expectProblem(refused, 401, 'invalid_api_key');
  });

  it('an unknown key is refused with 401 invalid_api_key, no credential with 401 unauthenticated', async () => {
    expectProblem(await edge.api.get('/v1/ping', { as: { apiKey: `zk_live_${randomBytes(24).toString('hex')}` } }), 401, 'invalid_api_key');
    expectProblem(await edge.api.get('/v1/ping'), 401, 'unauthenticated');
  });

  it('refuses an unknown scope with 400 validation_failed naming the field', async () => {
    const response = await edge.api.post('/v1/api-keys', { name: 'bad scope', scopes: ['everything'] }, { as: owner.as });

    expectProblem(response, 400, 'validation_failed');
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^scopes/) })]));
  });

  it('a key cannot manage keys: POST /v1/api-keys with an API key is refused with 403', async () => {
    const key = await createApiKey(edge.api, owner, ['verify', 'messages:send', 'messages:read', 'campaigns', 'billing:read', 'templates']);
    const response = await edge.api.post('/v1/api-keys', { name: 'minted by a key', scopes: ['verify'] }, { as: key.as });

    expect(response.status).toBe(403);
    expect(['forbidden', 'insufficient_scope']).toContain(response.body.code);
  });
});

describe('Idempotency-Key on POST /v1/api-keys', () => {
  it('replays the first response for the same key and body, with Idempotent-Replayed: true, creating one key only', async () => {
    const idempotencyKey = randomUUID();
    const name = `idempotent ${randomBytes(3).toString('hex')}`;
    const body = { name, scopes: ['verify'] };
    const headers = { 'idempotency-key': idempotencyKey };

    const first = await edge.api.post('/v1/api-keys', body, { as: owner.as, headers });
    const second = await edge.api.post('/v1/api-keys', body, { as: owner.as, headers });

    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).not.toBe('true');
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);

    const list = await edge.api.get('/v1/api-keys', { as: owner.as });
    expect(itemsOf(list.body).filter((item) => item.name === name)).toHaveLength(1);
  });

  it('answers the same key with a different body with 422 idempotency_key_reused', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    expect((await edge.api.post('/v1/api-keys', { name: 'first body', scopes: ['verify'] }, { as: owner.as, headers })).status).toBe(201);

    const reused = await edge.api.post('/v1/api-keys', { name: 'second body', scopes: ['verify'] }, { as: owner.as, headers });
    expectProblem(reused, 422, 'idempotency_key_reused');
    const names = itemsOf((await edge.api.get('/v1/api-keys', { as: owner.as })).body).map((item) => item.name);
    expect(names).not.toContain('second body');
  });

  it("is kept per organization: another organization's request with the same key and body is not a replay", async () => {
    const other = await registerCustomer(edge.api, 'idempotency-other');
    const headers = { 'idempotency-key': randomUUID() };
    const body = { name: 'same everywhere', scopes: ['verify'] };

    const mine = await edge.api.post('/v1/api-keys', body, { as: owner.as, headers });
    const theirs = await edge.api.post('/v1/api-keys', body, { as: other.as, headers });

    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers.get('idempotent-replayed')).not.toBe('true');
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.key).not.toBe(mine.body.key);
  });
  it('concurrent retries with one key create one API key: the others are replays or 409 idempotency_in_progress', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const name = `concurrent ${randomBytes(3).toString('hex')}`;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => edge.api.post('/v1/api-keys', { name, scopes: ['verify'] }, { as: owner.as, headers })),
    );

    for (const response of responses) {
      if (response.status === 409) expectProblem(response, 409, 'idempotency_in_progress');
      else expect(response.status).toBe(201);
    }
    const created = responses.filter((response) => response.status === 201);
    expect(new Set(created.map((response) => response.body.id)).size).toBe(1);
    expect(itemsOf((await edge.api.get('/v1/api-keys', { as: owner.as })).body).filter((item) => item.name === name)).toHaveLength(1);
  });
});
