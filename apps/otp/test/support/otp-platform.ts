import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createClient } from 'redis';
import {
  AdjustCredits,
  GetBalance,
  ListLedger,
  MessageRequested,
  MessageRequestedPayload,
  MessageStatus,
  MessageStatusChanged,
  OtpVerificationStatusChanged,
  OtpVerificationStatusPayload,
  OtpVerified,
  OtpVerifiedPayload,
} from '@zagel/contracts';
import { Bus, busOptionsFromConfig } from '@zagel/messaging';
import { cleanupTestNamespace, createTestNamespace, eventually, RunningPlatform, startPlatformProcesses, TestNamespace } from '@zagel/testing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

const SERVICES = ['auth', 'billing', 'otp', 'api-gateway'] as const;

export const OTP_TEST_SETTINGS: Record<string, string> = {
  OTP_CODE_HMAC_KEY: `e2e-${randomBytes(24).toString('hex')}`,
  OTP_RESEND_COOLDOWN_SECONDS: '2',
  OTP_MAX_SENDS_PER_NUMBER: '5',
  OTP_ORG_VELOCITY_LIMIT: '12',
  OTP_PREFIX_VELOCITY_LIMIT: '100',
  OTP_PREFIX_NATIONAL_DIGITS: '5',
  OTP_PUMPING_MIN_VOLUME: '8',
  OTP_PUMPING_MIN_VERIFY_RATE: '0.5',
  OTP_PUMPING_GRACE_SECONDS: '0',
  OTP_EXPIRY_SWEEP_INTERVAL_MS: '500',
  OTP_OUTBOX_SCRUB_INTERVAL_MS: '200',
};

const EDGE_SETTINGS: Record<string, string> = {
  ADMIN_EMAIL: 'operator@otp-e2e.zagel.example.com',
  ADMIN_PASSWORD: 'Dove-Courier-7310-Nile-Delta',
  RATE_LIMIT_PER_KEY_PER_MINUTE: '100000',
  RATE_LIMIT_PER_ORG_PER_MINUTE: '100000',
  RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
};

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

export type Credential = { bearer: string } | { apiKey: string };

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, as?: Credential, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const all: Record<string, string> = { ...headers };
    if (as && 'bearer' in as) all.authorization = `Bearer ${as.bearer}`;
    if (as && 'apiKey' in as) all['x-api-key'] = as.apiKey;
    if (body !== undefined) all['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const parsed: Json = text.length > 0 && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  get(path: string, as?: Credential) {
    return this.request('GET', path, as);
  }
  post(path: string, as: Credential | undefined, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, as, body ?? {}, headers);
  }
  put(path: string, as: Credential | undefined, body: unknown) {
    return this.request('PUT', path, as, body);
  }
}

export interface Customer {
  organizationId: string;
  userId: string;
  owner: { bearer: string };
  /** An API key with the `verify` scope: how an app calls the verify API. */
  app: { apiKey: string };
}

/**
 * Plays the pool-dispatcher: its own queue bound to `message.requested`, and it publishes
 * `message.status` as a phone or a provider would. Also listens to what otp announces.
 */
export class FakeRouter {
  readonly requested: MessageRequestedPayload[] = [];
  readonly verified: OtpVerifiedPayload[] = [];
  readonly statuses: OtpVerificationStatusPayload[] = [];

  constructor(readonly bus: Bus) {}

  static async start(test: TestNamespace): Promise<FakeRouter> {
    const bus = await Bus.connect(busOptionsFromConfig(test.settings, 'otp-e2e-router'));
    const router = new FakeRouter(bus);
    bus.onEvent(MessageRequested, (payload) => {
      router.requested.push(payload);
    });
    bus.onEvent(OtpVerified, (payload) => {
      router.verified.push(payload);
    });
    bus.onEvent(OtpVerificationStatusChanged, (payload) => {
      router.statuses.push(payload);
    });
    await bus.start();
    return router;
  }

  async messageFor(to: string, count = 1): Promise<MessageRequestedPayload> {
    let found: MessageRequestedPayload[] = [];
    await eventually(
      () => {
        found = this.requested.filter((message) => message.to === to);
        expect(found.length).toBeGreaterThanOrEqual(count);
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    return found[count - 1] as MessageRequestedPayload;
  }

  messagesTo(to: string): MessageRequestedPayload[] {
    return this.requested.filter((message) => message.to === to);
  }

  async report(
    message: MessageRequestedPayload,
    status: MessageStatus,
    via: { deviceId?: string; deviceOwnerId?: string; provider?: string; errorCode?: string } = {},
  ): Promise<void> {
    await this.bus.publish(MessageStatusChanged, {
      messageId: message.messageId,
      organizationId: message.organizationId,
      status,
      route: via.provider ? 'provider' : 'device',
      ...via,
      at: new Date().toISOString(),
    });
  }
}

/** The code in the built-in English text ("... code is 482913. ..."), or in any text with the given pattern. */
export function codeIn(body: string, pattern = /code is ([0-9A-Z]{4,10})\./): string {
  const match = body.match(pattern);
  if (!match) throw new Error(`no code in ${JSON.stringify(body)}`);
  return match[1] as string;
}

export class OtpPlatform {
  private constructor(
    readonly test: TestNamespace,
    readonly platform: RunningPlatform,
    readonly api: ApiClient,
    readonly router: FakeRouter,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<OtpPlatform> {
    const test = createTestNamespace();
    const router = await FakeRouter.start(test);
    try {
      const platform = await startPlatformProcesses(test, SERVICES, { ...EDGE_SETTINGS, ...OTP_TEST_SETTINGS, ...env });
      const api = new ApiClient(platform.urls['api-gateway'] as string);
      await eventually(
        async () => {
          const jwks = await api.get('/.well-known/jwks.json');
          expect(jwks.body?.keys?.length).toBeGreaterThan(0);
        },
        { timeoutMs: 15_000, intervalMs: 250 },
      );
      return new OtpPlatform(test, platform, api, router);
    } catch (error) {
      await router.bus.close();
      throw error;
    }
  }

  async stop(): Promise<void> {
    if (process.env.E2E_DEBUG) {
      for (const [service, lines] of Object.entries(this.platform.output)) {
        console.log(`--- ${service}\n${(lines ?? []).filter((line) => !line.includes('request completed')).join('\n')}`);
      }
    }
    try {
      await this.router.bus.close();
      await this.platform.stop();
    } finally {
      await cleanupTestNamespace(this.test, SERVICES);
    }
  }

  /** A new organization with an owner, an app key with `verify`, and `credit` minor units in its wallet. */
  async customer(credit = 10_000): Promise<Customer> {
    const email = `otp-${randomBytes(5).toString('hex')}@e2e.zagel.example.com`;
    const registered = await this.api.post('/v1/auth/register', undefined, {
      email,
      password: 'Falcon-Harbor-9281-Quiet-Meadow',
      name: 'OTP e2e',
      organizationName: `otp org ${randomBytes(2).toString('hex')}`,
      accountType: 'customer',
    });
    if (registered.status !== 201) throw new Error(`register: ${registered.status} ${registered.text}`);
    const owner = { bearer: registered.body.accessToken ?? registered.body.tokens.accessToken };
    const organizationId: string = registered.body.organization.id;
    const key = await this.api.post('/v1/api-keys', owner, { name: 'checkout app', scopes: ['verify'] });
    if (key.status !== 201) throw new Error(`api key: ${key.status} ${key.text}`);
    if (credit > 0) {
      await this.router.bus.rpc.call(AdjustCredits, 'billing', {
        organizationId,
        operatorId: randomUUID(),
        amount: credit,
        reason: 'otp e2e credit',
      });
    }
    return { organizationId, userId: registered.body.user.id, owner, app: { apiKey: key.body.key } };
  }

  balance(organizationId: string) {
    return this.router.bus.rpc.call(GetBalance, 'billing', { organizationId });
  }

  ledger(organizationId: string) {
    return this.router.bus.rpc.call(ListLedger, 'billing', { organizationId });
  }

  /** Every row of the otp schema, as text, for scanning. */
  async otpDatabaseText(): Promise<string> {
    const client = new Client({ connectionString: this.test.settings.DATABASE_URL });
    await client.connect();
    try {
      const schema = this.test.namespace.schema('otp');
      const tables = await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema]);
      const dumps: string[] = [];
      for (const { table_name } of tables.rows) {
        const rows = await client.query(`SELECT * FROM "${schema}"."${table_name}"`);
        dumps.push(JSON.stringify(rows.rows));
      }
      return dumps.join('\n');
    } finally {
      await client.end();
    }
  }

  /** Every Redis key and value of the namespace, as text. */
  async redisText(): Promise<string> {
    const redis = createClient({ url: this.test.settings.REDIS_URL });
    await redis.connect();
    try {
      const parts: string[] = [];
      for await (const batch of redis.scanIterator({ MATCH: `${this.test.name}:*`, COUNT: 1000 })) {
        for (const key of batch) {
          const type = await redis.type(key);
          parts.push(key);
          if (type === 'string') parts.push(String(await redis.get(key)));
          if (type === 'hash') parts.push(JSON.stringify(await redis.hGetAll(key)));
          if (type === 'zset') parts.push(JSON.stringify(await redis.zRangeWithScores(key, 0, -1)));
          if (type === 'set') parts.push(JSON.stringify(await redis.sMembers(key)));
          if (type === 'list') parts.push(JSON.stringify(await redis.lRange(key, 0, -1)));
        }
      }
      return parts.join('\n');
    } finally {
      await redis.quit();
    }
  }

  async metrics(): Promise<string> {
    const response = await fetch(`${this.platform.urls.otp}/metrics`);
    return response.text();
  }
}

let numberSeed = 10;

/** German mobile numbers in a range (prefix 49-151NN) no other test uses, so fraud counters stay apart. */
export function numberRange(): () => string {
  const range = String(numberSeed++).padStart(2, '0');
  let next = 100_000 + Math.floor(Math.random() * 800_000);
  return () => `+49151${range}${String(next++).padStart(6, '0')}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
