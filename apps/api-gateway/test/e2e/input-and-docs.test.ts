import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { ApiReply, Problem } from '@zagel/sdk';
import { expectProblem, randomPassword, TestPlatform } from '@zagel/testing';

/** JSON read field by field (the OpenAPI document itself, bodies the API refuses). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const BODY_LIMIT_BYTES = 16_384;
const ALLOWED_ORIGIN = 'https://dashboard.e2e.zagel.example.com';

const platform = new TestPlatform({ services: ['api-gateway', 'auth'], settings: { HTTP_BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES), CORS_ORIGINS: ALLOWED_ORIGIN } });

beforeAll(() => platform.start(), 120_000);
afterAll(() => platform.stop(), 30_000);

const uniqueEmail = (label: string) => `${label}-${randomBytes(4).toString('hex')}@input.zagel.test`;

/** A call with a body the document refuses: untyped. */
function register(body: Record<string, unknown>) {
  return platform.api.request('POST', '/v1/auth/register', { body });
}

/**
 * A registration whose headers declare `bytes` of JSON, with no body sent: the gateway refuses by the
 * declared length, at once. Streaming two megabytes it will not read could lose that answer to the
 * connection reset of a server that closes with unread data.
 */
function registerDeclaring(bytes: number): Promise<ApiReply<unknown>> {
  const url = new URL('/v1/auth/register', platform.url('api-gateway'));
  return new Promise((resolve, reject) => {
    const call = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(bytes) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        call.destroy();
        const headers = new Headers(Object.entries(response.headers).map(([name, value]) => [name, String(value)]));
        resolve(new ApiReply('POST /v1/auth/register', response.statusCode ?? 0, headers, Buffer.concat(chunks).toString('utf8')));
      });
      response.on('error', reject);
    });
    call.on('error', reject);
    call.flushHeaders();
  });
}

function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    email: uniqueEmail('input'),
    password: randomPassword(),
    name: 'Input Checker',
    organizationName: 'Input Org',
    accountType: 'customer',
    ...overrides,
  };
}

/** Nothing was stored: the email cannot log in, and registering it properly still works. */
async function expectNothingStoredFor(email: string): Promise<void> {
  expectProblem(await platform.api.post('/v1/auth/login', { email, password: randomPassword() }), 401, 'invalid_credentials');
  expect((await register(registration({ email }))).status).toBe(201);
}

function fieldsOf(problem: Problem | undefined): string[] {
  return (problem?.errors ?? []).map((error) => {
    expect(error).toEqual({ field: expect.any(String), message: expect.any(String) });
    return error.field;
  });
}

describe('bad input is answered with problem+json and nothing is stored', () => {
  it('malformed JSON → 400 malformed_json', async () => {
    const email = uniqueEmail('malformed');
    const response = await platform.api.request('POST', '/v1/auth/register', { rawBody: `{"email":"${email}","password":` });

    expectProblem(response, 400, 'malformed_json');
    await expectNothingStoredFor(email);
  });

  it('an unknown field → 400 validation_failed naming it', async () => {
    const body = registration({ platformAdmin: true });
    const response = await register(body);

    expectProblem(response, 400, 'validation_failed');
    expect(fieldsOf(response.problem)).toContain('platformAdmin');
    await expectNothingStoredFor(body.email as string);
  });

  it('wrong types → 400 validation_failed naming each field', async () => {
    const body = registration({ password: 123456789012345, accountType: 'robot', name: ['a', 'b'] });
    const response = await register(body);

    expectProblem(response, 400, 'validation_failed');
    expect(fieldsOf(response.problem)).toEqual(expect.arrayContaining(['password', 'accountType', 'name']));
    await expectNothingStoredFor(body.email as string);
  });

  it('an invalid email → 400 validation_failed on email', async () => {
    const response = await register(registration({ email: 'not-an-email@' }));

    expectProblem(response, 400, 'validation_failed');
    expect(fieldsOf(response.problem)).toEqual(['email']);
  });

  it('a body over the limit → 413 payload_too_large', async () => {
    const body = registration({ name: 'x'.repeat(BODY_LIMIT_BYTES * 2) });
    const response = await register(body);

    expectProblem(response, 413, 'payload_too_large');
    await expectNothingStoredFor(body.email as string);
  });

  it('a body over the default 1 MiB → 413 payload_too_large even if the limit setting were not read', async () => {
    const response = await registerDeclaring(2 * 1024 * 1024);

    expectProblem(response, 413, 'payload_too_large');
  });

  it.each([
    ['too short', 'Ab1!xyz'],
    ['a common password', 'password123456'],
  ])('a weak password (%s) → 422 weak_password', async (_case, password) => {
    const body = registration({ password });
    const response = await register(body);

    expectProblem(response, 422, 'weak_password');
    await expectNothingStoredFor(body.email as string);
  });

  it('a password change to a weak one is refused too (PATCH /v1/me → 422 weak_password)', async () => {
    const customer = await platform.signUp('weak-change');
    const response = await customer.api.patch('/v1/me', { currentPassword: customer.password, newPassword: 'password123456' });

    expectProblem(response, 422, 'weak_password');
    expect((await platform.api.post('/v1/auth/login', { email: customer.email, password: customer.password })).status).toBe(200);
  });

  it('an unknown route → 404 not_found as problem+json', async () => {
    expectProblem(await platform.api.request('GET', '/v1/no-such-thing'), 404, 'not_found');
  });
});

describe('the edge', () => {
  it('sets a request id and security headers on every response, echoing a sane caller id', async () => {
    const response = await platform.api.get('/v1/ping', { headers: { 'x-request-id': 'e2e-request-1' } });

    expect(response.headers.get('x-request-id')).toBe('e2e-request-1');
    expect(response.problem?.requestId).toBe('e2e-request-1');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers CORS preflights for configured origins only', async () => {
    const preflight = (origin: string) =>
      platform.api.request('OPTIONS', '/v1/auth/login', {
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });

    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('OpenAPI at /docs-json', () => {
  const ROUTES: Array<[method: string, path: string, body: string[]]> = [
    ['post', '/v1/auth/register', ['email', 'password', 'name', 'organizationName', 'accountType']],
    ['post', '/v1/auth/login', ['email', 'password', 'organizationId']],
    ['post', '/v1/auth/refresh', ['refreshToken']],
    ['post', '/v1/auth/logout', ['refreshToken']],
    ['get', '/v1/me', []],
    ['patch', '/v1/me', ['name']],
    ['post', '/v1/api-keys', ['name', 'scopes']],
    ['get', '/v1/api-keys', []],
    ['delete', '/v1/api-keys/{}', []],
    ['post', '/v1/organization/members', ['email', 'role']],
    ['get', '/v1/organization/members', []],
    ['delete', '/v1/organization/members/{}', []],
    ['get', '/v1/admin/organizations', []],
    ['post', '/v1/admin/organizations/{}/suspend', []],
    ['post', '/v1/admin/organizations/{}/reactivate', []],
    ['get', '/v1/ping', []],
  ];
  let document: Json;
  let paths: Map<string, Json>;

  beforeAll(async () => {
    document = (await platform.api.request('GET', '/docs-json')).json;
    // Path parameter names are the gateway's choice ({id}, {apiKeyId}): compare shapes only.
    paths = new Map(Object.entries(document.paths as Record<string, Json>).map(([path, item]) => [path.replace(/\{[^}]+\}/g, '{}'), item]));
  });

  /** Follows `$ref`s into components.schemas. */
  function resolve(schema: Json): Json {
    if (schema?.$ref) return resolve(document.components.schemas[(schema.$ref as string).split('/').pop() as string]);
    return schema;
  }

  it.each(ROUTES)('documents %s %s with its request schema', (method, path, fields) => {
    const operation = paths.get(path)?.[method];
    expect({ route: `${method} ${path}`, documented: operation !== undefined }).toEqual({ route: `${method} ${path}`, documented: true });
    if (fields.length > 0) {
      const schema = resolve(operation.requestBody?.content?.['application/json']?.schema);
      expect(Object.keys(schema?.properties ?? {})).toEqual(expect.arrayContaining(fields));
    }
    expect(Object.keys(operation.responses ?? {}).length).toBeGreaterThan(0);
  });

  it('gives every documented request-body property an example', () => {
    const missing: string[] = [];
    for (const [method, path, fields] of ROUTES) {
      const schema = resolve(paths.get(path)?.[method]?.requestBody?.content?.['application/json']?.schema);
      for (const field of fields) {
        const property = resolve(schema?.properties?.[field]);
        if (property?.example === undefined && property?.items?.example === undefined) missing.push(`${method} ${path} ${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents the JWKS route', () => {
    expect(paths.has('/.well-known/jwks.json')).toBe(true);
  });

  it('names both credential schemes on a protected route', () => {
    const security = (paths.get('/v1/ping')?.get?.security ?? document.security ?? []) as Array<Record<string, unknown>>;
    expect(security.flatMap((requirement) => Object.keys(requirement))).toEqual(expect.arrayContaining(['bearer', 'apiKey']));
  });
});
