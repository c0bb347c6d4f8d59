import { randomBytes } from 'node:crypto';
import { ServiceName } from '@zagel/config';
import { cleanupTestNamespace, createTestNamespace, eventually, RunningPlatform, startPlatformProcesses, TestNamespace } from '@zagel/testing';

/** JSON from the wire: tests read it field by field and let the assertions do the checking. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

const EDGE_SERVICES = ['api-gateway', 'auth'] as const;

export const ADMIN_EMAIL = 'operator@e2e.zagel.example.com';
export const ADMIN_PASSWORD = 'Dove-Courier-7310-Nile-Delta';

/**
 * Limits loose enough that no test trips them by accident: every test request comes from
 * 127.0.0.1, so the per-IP counters see the whole file. A file that tests a limit overrides one.
 */
const GENEROUS_LIMITS: Record<string, string> = {
  RATE_LIMIT_PER_KEY_PER_MINUTE: '100000',
  RATE_LIMIT_PER_ORG_PER_MINUTE: '100000',
  RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
  AUTH_LOGIN_MAX_FAILURES_PER_IP: '1000',
};

/** The gateway and auth as real processes (from the build) in a namespace of their own. */
export interface Edge {
  test: TestNamespace;
  platform: RunningPlatform;
  api: EdgeClient;
  /** Whether the gateway could hand out auth's public keys the moment it reported ready. */
  signingKeysAtReady: boolean;
  stop(): Promise<void>;
}

/** `services`: more processes behind the edge (e.g. billing) for the features a file tests. */
export async function startEdge(env: Record<string, string> = {}, services: ServiceName[] = []): Promise<Edge> {
  const test = createTestNamespace();
  const started = [...EDGE_SERVICES, ...services];
  const platform = await startPlatformProcesses(test, started, {
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    ...GENEROUS_LIMITS,
    ...env,
  });
  const api = new EdgeClient(platform.urls['api-gateway'] as string);
  const hasKeys = async () => {
    const jwks = await api.get('/.well-known/jwks.json');
    return jwks.status === 200 && Array.isArray(jwks.body?.keys) && jwks.body.keys.length > 0;
  };
  const signingKeysAtReady = await hasKeys();
  // Tokens issued before the gateway holds auth's keys are refused; the tests are about other things.
  await eventually(async () => expect(await hasKeys()).toBe(true), { timeoutMs: 15_000, intervalMs: 250 });
  return {
    test,
    platform,
    api,
    signingKeysAtReady,
    stop: async () => {
      if (process.env.E2E_DEBUG) {
        for (const [service, lines] of Object.entries(platform.output)) {
          console.log(`--- ${service}\n${(lines ?? []).filter((line) => !line.includes('request completed')).join('\n')}`);
        }
      }
      try {
        await platform.stop();
      } finally {
        await cleanupTestNamespace(test, started);
      }
    },
  };
}

export type Credential = { bearer: string } | { apiKey: string } | undefined;

export interface RequestOptions {
  as?: Credential;
  body?: unknown;
  /** Sent as is (for malformed JSON and oversize bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface EdgeResponse<T = Json> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class EdgeClient {
  constructor(readonly baseUrl: string) {}

  async request<T = Json>(method: string, path: string, options: RequestOptions = {}): Promise<EdgeResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const credential = options.as;
    if (credential && 'bearer' in credential) headers.authorization = `Bearer ${credential.bearer}`;
    if (credential && 'apiKey' in credential) headers['x-api-key'] = credential.apiKey;
    let payload: string | undefined = options.rawBody;
    if (payload === undefined && options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let body: Json = text;
    if (text.length > 0 && /json/.test(response.headers.get('content-type') ?? '')) body = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: body as T, text };
  }

  get<T = Json>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = Json>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...options, body });
  }
  patch<T = Json>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T = Json>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }
}

/** An email nobody else in this run uses. */
export function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}@e2e.zagel.example.com`;
}

/** Long, random and not in any common-password list. */
export function strongPassword(): string {
  return `Pigeon-${randomBytes(6).toString('hex')}-Carrier!`;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
}

/**
 * The issue names `accessToken`/`refreshToken` at the top of the session reply; the auth contract nests
 * them under `tokens`. Helpers accept either so one shape question fails one test, not all of them.
 */
export function sessionOf(body: Json): Session {
  const accessToken = body?.accessToken ?? body?.tokens?.accessToken;
  const refreshToken = body?.refreshToken ?? body?.tokens?.refreshToken;
  if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') {
    throw new Error(`no tokens in session reply: ${JSON.stringify(body)}`);
  }
  return { accessToken, refreshToken };
}

export interface Customer extends Session {
  email: string;
  password: string;
  userId: string;
  organizationId: string;
  as: { bearer: string };
}

export async function registerCustomer(api: EdgeClient, label = 'owner'): Promise<Customer> {
  const email = uniqueEmail(label);
  const password = strongPassword();
  const response = await api.post('/v1/auth/register', {
    email,
    password,
    name: `Tester ${label}`,
    organizationName: `${label} org ${randomBytes(2).toString('hex')}`,
    accountType: 'customer',
  });
  if (response.status !== 201) throw new Error(`register ${email}: ${response.status} ${response.text}`);
  const session = sessionOf(response.body);
  return {
    email,
    password,
    ...session,
    userId: response.body.user.id,
    organizationId: response.body.organization.id,
    as: { bearer: session.accessToken },
  };
}

export async function login(api: EdgeClient, email: string, password: string, organizationId?: string): Promise<Session> {
  const response = await api.post('/v1/auth/login', { email, password, ...(organizationId ? { organizationId } : {}) });
  if (response.status !== 200) throw new Error(`login ${email}: ${response.status} ${response.text}`);
  return sessionOf(response.body);
}

export async function createApiKey(
  api: EdgeClient,
  owner: { as: Credential },
  scopes: string[] = ['verify'],
  name = `key ${randomBytes(2).toString('hex')}`,
): Promise<{ id: string; key: string; prefix: string; as: { apiKey: string } }> {
  const response = await api.post('/v1/api-keys', { name, scopes }, { as: owner.as });
  if (response.status !== 201) throw new Error(`create API key: ${response.status} ${response.text}`);
  return { id: response.body.id, key: response.body.key, prefix: response.body.prefix, as: { apiKey: response.body.key } };
}

/** Items of a list reply, whether it is a page (`{items}`) or a bare array. */
export function itemsOf(body: Json): Json[] {
  if (Array.isArray(body)) return body;
  if (Array.isArray(body?.items)) return body.items;
  throw new Error(`not a list: ${JSON.stringify(body)}`);
}

/** RFC 9457 problem with Zagel's stable code and the request id the response header carries. */
export function expectProblem(response: EdgeResponse, status: number, code: string): void {
  const summary = `${response.status} ${response.text.slice(0, 500)}`;
  expect({ status: response.status, code: response.body?.code, summary }).toEqual({ status, code, summary });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code,
      instance: expect.any(String),
      requestId: expect.any(String),
    }),
  );
  expect(response.body.requestId).toBe(response.headers.get('x-request-id'));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
