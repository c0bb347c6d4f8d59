import { ApiKeyRevoked, OrganizationStatusChanged } from '@zagel/contracts';
import { PublicApiClient } from '@zagel/sdk';
import { loadServiceSettings, RunningService, startService } from '@zagel/service';
import { TestPlatform, until } from '@zagel/testing';
import { apiGatewayApp } from '../src/api-gateway.app';
import { ApiGatewayConfig } from '../src/config';
import { FakeAuth } from './edge-support/fake-auth';
import { ScopedProbeModule } from './edge-support/scoped-probe.module';

/**
 * The gateway in this process, on purpose: it mounts a test-only route (ScopedProbeModule) next to its
 * own, and FakeAuth plays auth on the bus to hand out crafted tokens and count calls. The platform
 * gives it a namespace and removes what it made.
 */
const platform = new TestPlatform({ services: [] });
let auth: FakeAuth;
let gateway: RunningService<ApiGatewayConfig>;

const KEY_LIMIT = 5;

beforeAll(async () => {
  await platform.start();
  auth = await FakeAuth.start(platform);
  const definition = { ...apiGatewayApp, features: [...apiGatewayApp.features, ScopedProbeModule] };
  const settings = loadServiceSettings(definition, {
    ...platform.env,
    PORT: '0',
    HTTP_BODY_LIMIT_BYTES: '4096',
    RATE_LIMIT_PER_KEY_PER_MINUTE: String(KEY_LIMIT),
    RATE_LIMIT_PER_ORG_PER_MINUTE: '1000',
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000',
    CORS_ORIGINS: 'https://app.example.com',
  });
  gateway = await startService(definition, settings, '127.0.0.1');
}, 60_000);

afterAll(async () => {
  await gateway?.app.close();
  await platform.stop();
});

/** Any call to the in-process gateway, through the public client (some bodies are wrong on purpose: untyped). */
async function call(path: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; body?: string } = {}) {
  const api = new PublicApiClient({ baseUrl: gateway.url });
  const headers = init.headers ?? {};
  const reply = await api.request(init.method ?? 'GET', path, {
    body: init.json,
    rawBody: init.body,
    headers,
    idempotencyKey: headers['idempotency-key'] ?? null,
  });
  return { status: reply.status, headers: reply.headers, body: reply.json as Record<string, unknown> | undefined };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function expectProblem(result: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect({ status: result.status, code: result.body?.code }).toEqual({ status, code });
  expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(result.body).toMatchObject({ type: `https://zagel.dev/problems/${code}`, status, title: expect.any(String), detail: expect.any(String) });
  expect(result.body?.requestId).toBe(result.headers.get('x-request-id'));
}

const registration = { email: 'layla@example.com', password: 'correct horse battery staple', name: 'Layla', accountType: 'customer' };

describe('bad input answers problem+json', () => {
  it('malformed JSON', async () => {
    const result = await call('/v1/auth/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expectProblem(result, 400, 'malformed_json');
    expect(result.body?.instance).toBe('/v1/auth/register');
  });

  it('unknown fields, listed', async () => {
    const result = await call('/v1/auth/register', { method: 'POST', json: { ...registration, isAdmin: true } });
    expectProblem(result, 400, 'validation_failed');
    expect(result.body?.errors).toEqual([{ field: 'isAdmin', message: 'isAdmin is not a known field' }]);
  });

  it('wrong types and invalid emails, per field', async () => {
    const result = await call('/v1/auth/register', { method: 'POST', json: { ...registration, email: 'nope', name: 42 } });
    expectProblem(result, 400, 'validation_failed');
    const fields = (result.body?.errors as { field: string }[]).map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set(['email', 'name']));
  });

  it('an oversize body', async () => {
    const result = await call('/v1/auth/register', { method: 'POST', json: { ...registration, name: 'x'.repeat(5_000) } });
    expectProblem(result, 413, 'payload_too_large');
  });

  it('an unknown route', async () => {
    expectProblem(await call('/v1/nowhere'), 404, 'not_found');
  });

  it('a remote error keeps its code and public details', async () => {
    const result = await call('/v1/auth/register', { method: 'POST', json: { ...registration, password: 'password' } });
    expectProblem(result, 422, 'weak_password');
    expect(result.body?.reasons).toEqual(['common password']);
  });
});

describe('authentication', () => {
  it('401 without credentials, health and docs stay open', async () => {
    expectProblem(await call('/v1/ping'), 401, 'unauthenticated');
    expect((await call('/health')).status).toBe(200);
    expect((await call('/docs-json')).status).toBe(200);
  });

  it('accepts a valid JWT and takes the tenant from it', async () => {
    const result = await call('/v1/ping', { headers: bearer(auth.token()) });
    expect(result).toMatchObject({ status: 200, body: { organizationId: auth.organizationId, kind: 'user' } });
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('401 token_expired for an expired JWT, unauthenticated for a forged one', async () => {
    const expired = auth.token({ exp: Math.floor(Date.now() / 1000) - 120 });
    expectProblem(await call('/v1/ping', { headers: bearer(expired) }), 401, 'token_expired');
    expectProblem(await call('/v1/ping', { headers: bearer(`${auth.token()}x`) }), 401, 'unauthenticated');
  });

  it('accepts an API key as a bearer token and as X-API-Key', async () => {
    const { key } = auth.addApiKey(['verify']);
    expect(await call('/v1/ping', { headers: bearer(key) })).toMatchObject({ status: 200, body: { kind: 'api_key' } });
    expect(await call('/v1/ping', { headers: { 'x-api-key': key } })).toMatchObject({ status: 200, body: { kind: 'api_key' } });
    expectProblem(await call('/v1/ping', { headers: { 'x-api-key': 'zk_live_unknown' } }), 401, 'invalid_api_key');
  });

  it('403 insufficient_scope for a key without the scope; a user of the organization passes', async () => {
    const { key } = auth.addApiKey(['verify']);
    expectProblem(await call('/v1/probe/send', { headers: bearer(key) }), 403, 'insufficient_scope');
    expect((await call('/v1/probe/send', { headers: bearer(auth.addApiKey(['messages:send']).key) })).status).toBe(200);
    expect((await call('/v1/probe/send', { headers: bearer(auth.token()) })).status).toBe(200);
  });

  it('403 forbidden for API keys on user routes and for non-operators on admin routes', async () => {
    expectProblem(await call('/v1/api-keys', { headers: bearer(auth.addApiKey(['verify']).key) }), 403, 'forbidden');
    expectProblem(await call('/v1/admin/organizations', { headers: bearer(auth.token()) }), 403, 'forbidden');
  });

  it('a revocation event clears the cached key at once', async () => {
    const { key, apiKeyId } = auth.addApiKey(['verify']);
    expect((await call('/v1/ping', { headers: bearer(key) })).status).toBe(200);
    const calls = auth.resolveCalls;
    expect((await call('/v1/ping', { headers: bearer(key) })).status).toBe(200);
    expect(auth.resolveCalls).toBe(calls);
    auth.apiKeys.delete(key);
    await auth.probe.publish(ApiKeyRevoked, { apiKeyId, organizationId: auth.organizationId, at: new Date().toISOString() });
    await until(async () => (await call('/v1/ping', { headers: bearer(key) })).status === 401, { what: 'the revoked key to be refused' });
    expectProblem(await call('/v1/ping', { headers: bearer(key) }), 401, 'invalid_api_key');
  });

  it('403 organization_suspended for a suspended organization, loaded at start and by event', async () => {
    const { key } = auth.addApiKey(['verify'], auth.suspendedOrganizationId);
    expectProblem(await call('/v1/ping', { headers: bearer(key) }), 403, 'organization_suspended');
    const token = auth.token({ org: auth.suspendedOrganizationId });
    expectProblem(await call('/v1/ping', { headers: bearer(token) }), 403, 'organization_suspended');

    const other = auth.addApiKey(['verify']);
    const change = { organizationId: auth.organizationId, actorId: auth.userId, at: new Date().toISOString() };
    await auth.probe.publish(OrganizationStatusChanged, { ...change, status: 'suspended' });
    await until(async () => (await call('/v1/ping', { headers: bearer(other.key) })).status === 403, { what: 'the suspension to reach the gateway' });
    expectProblem(await call('/v1/ping', { headers: bearer(other.key) }), 403, 'organization_suspended');
    await auth.probe.publish(OrganizationStatusChanged, { ...change, status: 'active' });
    await until(async () => (await call('/v1/ping', { headers: bearer(other.key) })).status === 200, { what: 'the reactivation to reach the gateway' });
  });

  it('answers CORS preflights for the configured origins only', async () => {
    const preflight = (origin: string) => call('/v1/ping', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
    expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the JWKS at the root', async () => {
    const result = await call('/.well-known/jwks.json');
    expect(result).toMatchObject({ status: 200, body: auth.jwks() });
  });
});

describe('rate limits', () => {
  it('count per API key, with RateLimit-* headers, then 429 with Retry-After', async () => {
    const { key } = auth.addApiKey(['verify']);
    for (let i = 1; i <= KEY_LIMIT; i += 1) {
      const result = await call('/v1/ping', { headers: bearer(key) });
      expect(result.status).toBe(200);
      expect(result.headers.get('ratelimit-limit')).toBe(String(KEY_LIMIT));
      expect(result.headers.get('ratelimit-remaining')).toBe(String(KEY_LIMIT - i));
      expect(Number(result.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }
    const refused = await call('/v1/ping', { headers: bearer(key) });
    expectProblem(refused, 429, 'rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect((await call('/v1/ping', { headers: bearer(auth.addApiKey(['verify']).key) })).status).toBe(200);
  });
});

describe('idempotency', () => {
  it('replays the first response for the same key and body, 422 for another body', async () => {
    const headers = { 'idempotency-key': `reg-${Date.now()}` };
    const body = { ...registration, email: 'idem@example.com' };
    const first = await call('/v1/auth/register', { method: 'POST', headers, json: body });
    expect(first.status).toBe(201);
    const calls = auth.registerCalls;

    const replay = await call('/v1/auth/register', { method: 'POST', headers, json: { ...body } });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(auth.registerCalls).toBe(calls);

    const reused = await call('/v1/auth/register', { method: 'POST', headers, json: { ...body, name: 'Someone else' } });
    expectProblem(reused, 422, 'idempotency_key_reused');
  });

  it('409 for a duplicate while the first request is still running', async () => {
    const headers = { 'idempotency-key': `slow-${Date.now()}` };
    const body = { ...registration, email: 'slow@example.com', name: 'Slow' };
    const calls = auth.registerCalls;
    const first = call('/v1/auth/register', { method: 'POST', headers, json: body });
    // The first request has reached auth, which holds it until released.
    await until(() => auth.registerCalls > calls, { what: 'the first registration to reach auth' });
    expectProblem(await call('/v1/auth/register', { method: 'POST', headers, json: body }), 409, 'idempotency_in_progress');
    auth.releaseSlowRegistrations();
    expect((await first).status).toBe(201);
  });
});
