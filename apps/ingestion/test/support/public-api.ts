import { randomBytes } from 'node:crypto';

/** JSON from the wire: tests read it field by field and let the assertions do the checking. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Credential = { bearer: string } | { apiKey: string };

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

/** The public API as a customer calls it (apps do not import each other, so this is ingestion's own copy of the client). */
export class PublicApi {
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, options: { as?: Credential; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as && 'bearer' in options.as) headers.authorization = `Bearer ${options.as.bearer}`;
    if (options.as && 'apiKey' in options.as) headers['x-api-key'] = options.as.apiKey;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    const body: Json = text.length > 0 && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body, text };
  }

  get(path: string, options?: { as?: Credential; headers?: Record<string, string> }) {
    return this.request('GET', path, options);
  }
  post(path: string, body?: unknown, options: { as?: Credential; headers?: Record<string, string> } = {}) {
    return this.request('POST', path, { ...options, body });
  }
  patch(path: string, body?: unknown, options: { as?: Credential } = {}) {
    return this.request('PATCH', path, { ...options, body });
  }
  delete(path: string, options?: { as?: Credential }) {
    return this.request('DELETE', path, options);
  }
}

/** Registers a customer (owner of a new organization); returns its organization and bearer credential. */
export async function registerCustomer(api: PublicApi, label: string): Promise<{ organizationId: string; as: Credential }> {
  const response = await api.post('/v1/auth/register', {
    email: `${label}-${randomBytes(4).toString('hex')}@e2e.zagel.example.com`,
    password: `Pigeon-${randomBytes(6).toString('hex')}-Carrier!`,
    name: `Tester ${label}`,
    organizationName: `${label} org ${randomBytes(2).toString('hex')}`,
    accountType: 'customer',
  });
  if (response.status !== 201) throw new Error(`register: ${response.status} ${response.text}`);
  const accessToken = response.body.accessToken ?? response.body.tokens?.accessToken;
  return { organizationId: response.body.organization.id, as: { bearer: accessToken } };
}

export async function createApiKey(api: PublicApi, owner: Credential, scopes: string[]): Promise<Credential> {
  const response = await api.post('/v1/api-keys', { name: `key ${randomBytes(2).toString('hex')}`, scopes }, { as: owner });
  if (response.status !== 201) throw new Error(`create API key: ${response.status} ${response.text}`);
  return { apiKey: response.body.key };
}

/** Items of a page reply. */
export function itemsOf(body: Json): Json[] {
  if (Array.isArray(body?.items)) return body.items;
  throw new Error(`not a page: ${JSON.stringify(body)}`);
}

/** RFC 9457 problem with Zagel's stable code. */
export function expectProblem(response: ApiResponse, status: number, code: string): void {
  const summary = `${response.status} ${response.text.slice(0, 500)}`;
  expect({ status: response.status, code: response.body?.code, summary }).toEqual({ status, code, summary });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), code }));
}
