import { randomBytes, randomUUID } from 'node:crypto';
import { SERVICE_NAMES } from '@zagel/config';
import { cleanupTestNamespace, createTestNamespace, RunningPlatform, startPlatformProcesses, TestNamespace } from '@zagel/testing';

/** Settings that make the platform quick to observe in a test; a test file may override any of them. */
export const E2E_SETTINGS: Record<string, string> = {
  DEVICE_ACK_TIMEOUT_MS: '1000',
  DEVICE_SEND_TIMEOUT_MS: '3000',
  DEVICE_COOLDOWN_SECONDS: '30',
  LEASE_POLL_INTERVAL_MS: '50',
  POOL_REFRESH_INTERVAL_MS: '1000',
  DEVICE_RECONNECT_AFTER_SECONDS: '1',
  RATE_LIMIT_PER_KEY_PER_MINUTE: '100000',
  RATE_LIMIT_PER_ORG_PER_MINUTE: '100000',
  RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
  SCHEDULER_POLL_INTERVAL_MS: '200',
  WEBHOOKS_POLL_INTERVAL_MS: '200',
  OTP_RESEND_COOLDOWN_SECONDS: '0',
};

/** Passes auth's strength check (words plus random hex). */
export function strongPassword(): string {
  return `violet-harbor-quill-${randomBytes(6).toString('hex')}`;
}

export type Credential = { bearer: string } | { apiKey: string };

export interface ApiResponse<T> {
  status: number;
  body: T;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { code?: string; detail?: string; title?: string },
    what: string,
  ) {
    super(`${what}: ${status} ${problem.code ?? ''} ${problem.detail ?? problem.title ?? ''}`.trim());
    this.name = 'ApiError';
  }
}

/** The public API as a client calls it (JSON, a fresh idempotency key on every POST). */
export class PublicApi {
  constructor(readonly baseUrl: string) {}

  get<T>(path: string, as?: Credential): Promise<T> {
    return this.json<T>('GET', path, undefined, as);
  }

  post<T>(path: string, body: object, as?: Credential): Promise<T> {
    return this.json<T>('POST', path, body, as);
  }

  patch<T>(path: string, body: object, as?: Credential): Promise<T> {
    return this.json<T>('PATCH', path, body, as);
  }

  /** Any call, without throwing on an error status. */
  async request<T = unknown>(method: string, path: string, body?: object, as?: Credential): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (body) {
      headers['content-type'] = 'application/json';
      if (method === 'POST') headers['idempotency-key'] = randomUUID();
    }
    if (as && 'bearer' in as) headers.authorization = `Bearer ${as.bearer}`;
    if (as && 'apiKey' in as) headers['x-api-key'] = as.apiKey;
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body: body ? JSON.stringify(body) : undefined });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  private async json<T>(method: string, path: string, body: object | undefined, as?: Credential): Promise<T> {
    const response = await this.request<T>(method, path, body, as);
    if (response.status >= 400) throw new ApiError(response.status, (response.body ?? {}) as ApiError['problem'], `${method} ${path}`);
    return response.body;
  }
}

interface Session {
  accessToken: string;
  user: { id: string; email: string };
  organization?: { id: string; name: string };
}

export interface Customer {
  organizationId: string;
  accessToken: string;
  /** An API key with every scope. */
  apiKey: string;
}

export interface PhoneOwner {
  userId: string;
  accessToken: string;
}

/**
 * All eight services as processes from the build (`npm run build`) in a fresh namespace, with the
 * quick settings above, an operator account (ADMIN_EMAIL / ADMIN_PASSWORD) and helpers to make
 * customers with credit and phone owners through the public API.
 */
export class E2EPlatform {
  readonly test: TestNamespace = createTestNamespace();
  readonly admin = { email: `admin-${randomBytes(3).toString('hex')}@zagel.test`, password: strongPassword() };
  processes: RunningPlatform;
  api: PublicApi;
  private operatorToken?: string;

  constructor(private readonly settings: Record<string, string> = {}) {}

  get apiUrl(): string {
    return this.processes.urls['api-gateway'] as string;
  }

  get deviceGatewayUrl(): string {
    return this.processes.urls['device-gateway'] as string;
  }

  async start(): Promise<void> {
    this.processes = await startPlatformProcesses(this.test, SERVICE_NAMES, {
      ...E2E_SETTINGS,
      ADMIN_EMAIL: this.admin.email,
      ADMIN_PASSWORD: this.admin.password,
      ...this.settings,
    });
    this.api = new PublicApi(this.apiUrl);
  }

  async stop(): Promise<void> {
    if (process.env.E2E_DEBUG) {
      for (const [service, lines] of Object.entries(this.processes?.output ?? {})) console.log(`--- ${service}\n${lines.slice(-200).join('\n')}`);
    }
    const instanceIds = this.processes ? SERVICE_NAMES.map((service) => `${service}-${new URL(this.processes.urls[service] as string).port}`) : [];
    await this.processes?.stop();
    await cleanupTestNamespace(this.test, SERVICE_NAMES, instanceIds);
  }

  /** The platform operator's access token (the account auth creates from ADMIN_EMAIL). */
  async operator(): Promise<string> {
    this.operatorToken ??= (await this.api.post<Session>('/v1/auth/login', this.admin)).accessToken;
    return this.operatorToken;
  }

  /** A customer organization with `credit` minor units and an API key with every scope. */
  async customer(credit = 10_000): Promise<Customer> {
    const tag = randomBytes(4).toString('hex');
    const session = await this.api.post<Session>('/v1/auth/register', {
      email: `customer-${tag}@zagel.test`,
      password: strongPassword(),
      name: 'Tester Customer',
      organizationName: `E2E Shop ${tag}`,
      accountType: 'customer',
    });
    const organizationId = session.organization!.id;
    if (credit > 0) {
      await this.api.post(`/v1/admin/organizations/${organizationId}/credits`, { amount: credit, reason: 'e2e credit' }, { bearer: await this.operator() });
    }
    const key = await this.api.post<{ key: string }>(
      '/v1/api-keys',
      { name: 'e2e', scopes: ['verify', 'messages:send', 'messages:read', 'billing:read', 'templates'] },
      { bearer: session.accessToken },
    );
    return { organizationId, accessToken: session.accessToken, apiKey: key.key };
  }

  async phoneOwner(): Promise<PhoneOwner> {
    const session = await this.api.post<Session>('/v1/auth/register', {
      email: `owner-${randomBytes(4).toString('hex')}@zagel.test`,
      password: strongPassword(),
      name: 'Tester Phone Owner',
      accountType: 'device_owner',
    });
    return { userId: session.user.id, accessToken: session.accessToken };
  }
}
