import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { MessageStatusChanged, MessageStatusPayload, SendViaProvider, SendViaProviderPayload } from '@zagel/contracts';
import { Bus, busOptionsFromConfig } from '@zagel/messaging';
import {
  cleanupTestNamespace,
  createTestNamespace,
  eventually,
  RunningPlatform,
  startPlatformProcesses,
  TestNamespace,
} from '@zagel/testing';

/** JSON from the wire, read field by field by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const ADMIN_EMAIL = 'operator@providers.zagel.example.com';
export const ADMIN_PASSWORD = 'Carrier-Pigeon-5521-Aswan-Dam';
const SERVICES = ['auth', 'api-gateway', 'provider-sender'] as const;
const OBSERVER = 'provider-test';

export interface HttpReply {
  status: number;
  body: Json;
  headers: Headers;
}

/**
 * provider-sender with auth and the gateway as real processes in their own namespace; a bus client that
 * sends `provider.send` and records every `message.status`; the admin's token; the service's tables.
 */
export class ProviderHarness {
  readonly statuses = new Map<string, MessageStatusPayload[]>();
  private token = '';

  private constructor(
    readonly test: TestNamespace,
    readonly platform: RunningPlatform,
    readonly bus: Bus,
    private readonly db: Client,
    /** What the services were started with (a replacement process needs the same secrets key). */
    readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<ProviderHarness> {
    const test = createTestNamespace();
    const serviceEnv = {
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      PROVIDER_SECRETS_KEY: randomBytes(32).toString('base64'),
      RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
      ...env,
    };
    const platform = await startPlatformProcesses(test, SERVICES, serviceEnv);
    const bus = await Bus.connect(busOptionsFromConfig(test.settings, OBSERVER, { instanceId: `${OBSERVER}-1` }));
    const db = new Client({ connectionString: test.settings.DATABASE_URL });
    await db.connect();
    await db.query(`SET search_path = ${test.name}_provider_sender`);
    const harness = new ProviderHarness(test, platform, bus, db, serviceEnv);
    bus.onEvent(MessageStatusChanged, (status) => {
      const list = harness.statuses.get(status.messageId) ?? [];
      list.push(status);
      harness.statuses.set(status.messageId, list);
    });
    await bus.start();
    try {
      await harness.login();
    } catch (error) {
      const tails = Object.entries(platform.output).map(([service, lines]) => `--- ${service}\n${(lines ?? []).slice(-20).join('\n')}`);
      await harness.stop();
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tails.join('\n')}`);
    }
    return harness;
  }

  get gatewayUrl(): string {
    return this.platform.urls['api-gateway'] as string;
  }

  async stop(): Promise<void> {
    if (process.env.E2E_DEBUG) {
      for (const [service, lines] of Object.entries(this.platform.output)) {
        console.log(`--- ${service}\n${(lines ?? []).filter((line) => !line.includes('request completed')).join('\n')}`);
      }
    }
    await this.bus.close().catch(() => undefined);
    await this.db.end().catch(() => undefined);
    try {
      await this.platform.stop();
    } finally {
      await cleanupTestNamespace(this.test, [...SERVICES, OBSERVER as never], [`${OBSERVER}-1`]);
    }
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpReply> {
    const response = await fetch(`${this.gatewayUrl}${path}`, {
      method,
      headers: {
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        ...(body !== undefined && typeof body !== 'string' && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
  }

  /** A provider account (a simulator unless `kind` says otherwise) with a unique name. */
  async createProvider(label: string, settings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<Json> {
    const name = `${label}-${randomBytes(3).toString('hex')}`;
    const reply = await this.request('POST', '/v1/admin/providers', { name, kind: 'simulator', settings, ...extra });
    if (reply.status !== 201) throw new Error(`create provider ${name}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  /** A route for one (new) organization, so scenarios never share a chain. */
  async routeForNewOrganization(providers: Json[]): Promise<string> {
    const organizationId = uuidv7();
    const reply = await this.request('POST', '/v1/admin/routes', {
      country: '*',
      organizationId,
      providers: providers.map((provider) => provider.id),
    });
    if (reply.status !== 201) throw new Error(`create route: ${reply.status} ${JSON.stringify(reply.body)}`);
    return organizationId;
  }

  command(organizationId: string, overrides: Partial<SendViaProviderPayload> = {}): SendViaProviderPayload {
    return {
      messageId: uuidv7(),
      organizationId,
      to: '+12025550123',
      body: 'Your code is 123456',
      messageType: 'otp',
      chainPosition: 0,
      ...overrides,
    };
  }

  async send(command: SendViaProviderPayload): Promise<void> {
    await this.bus.send(SendViaProvider, { service: 'provider-sender' }, command);
  }

  statusesOf(messageId: string): string[] {
    return (this.statuses.get(messageId) ?? []).map((status) => status.status);
  }

  /** Waits for the message to reach `status`, returning that event. */
  async waitForStatus(messageId: string, status: string, timeoutMs = 20_000): Promise<MessageStatusPayload> {
    return eventually(
      () => {
        const found = (this.statuses.get(messageId) ?? []).find((event) => event.status === status);
        if (!found) throw new Error(`${messageId}: no ${status} yet (have ${this.statusesOf(messageId).join(', ') || 'nothing'})`);
        return found;
      },
      { timeoutMs, intervalMs: 50 },
    );
  }

  async attempts(messageId: string): Promise<Json[]> {
    const { rows } = await this.db.query(
      `SELECT provider_name, chain_position, try, state, error_code, provider_message_id, created_at, updated_at
       FROM attempts WHERE message_id = $1 ORDER BY created_at`,
      [messageId],
    );
    return rows;
  }

  async sealedSettings(providerId: string): Promise<string> {
    const { rows } = await this.db.query(`SELECT sealed_settings FROM provider_accounts WHERE id = $1`, [providerId]);
    return rows[0].sealed_settings as string;
  }

  private async login(): Promise<void> {
    const reply = await this.request('POST', '/v1/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    if (reply.status !== 200) throw new Error(`admin login: ${reply.status} ${JSON.stringify(reply.body)}`);
    this.token = reply.body.accessToken ?? reply.body.tokens?.accessToken;
    // The gateway refuses tokens until it holds auth's signing keys.
    await eventually(async () => expect((await this.request('GET', '/v1/admin/providers')).status).toBe(200), {
      timeoutMs: 15_000,
      intervalMs: 250,
    });
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
