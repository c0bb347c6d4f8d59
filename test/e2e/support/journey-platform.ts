import { randomBytes } from 'node:crypto';
import { SERVICE_NAMES } from '@zagel/config';
import {
  DeviceFleet,
  FleetPhoneOptions,
  FleetStateDocument,
  generateMobileNumber,
  provisionDevices,
  simOperatorFor,
  SimulatedPhone,
} from '@zagel/device-simulator';
import { cleanupTestNamespace, createTestNamespace, eventually, RunningPlatform, startPlatformProcesses, TestNamespace } from '@zagel/testing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Credential = { bearer: string } | { apiKey: string };

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

const OPERATOR = { email: 'operator@journeys.zagel.example.com', password: 'Lantern-Oasis-4821-River-Falcon' };

/** Every service at once, with timeouts short enough for a test and limits high enough not to get in its way. */
const JOURNEY_SETTINGS: Record<string, string> = {
  ADMIN_EMAIL: OPERATOR.email,
  ADMIN_PASSWORD: OPERATOR.password,
  RATE_LIMIT_PER_KEY_PER_MINUTE: '100000',
  RATE_LIMIT_PER_ORG_PER_MINUTE: '100000',
  RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
  DEVICE_ACK_TIMEOUT_MS: '1000',
  DEVICE_SEND_TIMEOUT_MS: '3000',
  LEASE_POLL_INTERVAL_MS: '50',
  POOL_REFRESH_INTERVAL_MS: '500',
  WEBHOOKS_ALLOW_PRIVATE: 'true',
  WEBHOOKS_POLL_INTERVAL_MS: '200',
  SCHEDULER_POLL_INTERVAL_MS: '200',
  OTP_CODE_HMAC_KEY: `journeys-${randomBytes(24).toString('hex')}`,
  OTP_RESEND_COOLDOWN_SECONDS: '1',
  OTP_ORG_VELOCITY_LIMIT: '1000',
  OTP_PREFIX_VELOCITY_LIMIT: '1000',
  OTP_PUMPING_MIN_VOLUME: '1000',
};

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, as?: Credential, body?: unknown): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    if (as && 'bearer' in as) headers.authorization = `Bearer ${as.bearer}`;
    if (as && 'apiKey' in as) headers['x-api-key'] = as.apiKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const parsed: Json = text.length > 0 && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  get(path: string, as?: Credential) {
    return this.request('GET', path, as);
  }
  post(path: string, as: Credential | undefined, body: unknown = {}) {
    return this.request('POST', path, as, body);
  }
  put(path: string, as: Credential | undefined, body: unknown) {
    return this.request('PUT', path, as, body);
  }
}

/** The response's body when it has the expected status; otherwise a failure that says what came back. */
export function expectStatus(response: ApiResponse, status: number): Json {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${response.text}`);
  return response.body;
}

export interface Customer {
  organizationId: string;
  owner: { bearer: string };
  /** An API key with every scope an app needs for these journeys. */
  app: { apiKey: string };
}

export interface PhoneOwner {
  bearer: string;
  fleet: DeviceFleet;
  phones: SimulatedPhone[];
}

/** All eight services as processes in a namespace of their own, driven only through the public API and the device protocol. */
export class JourneyPlatform {
  readonly fleets: DeviceFleet[] = [];
  private operatorToken?: string;

  private constructor(
    readonly test: TestNamespace,
    readonly platform: RunningPlatform,
    readonly api: ApiClient,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<JourneyPlatform> {
    const test = createTestNamespace();
    const platform = await startPlatformProcesses(test, SERVICE_NAMES, { ...JOURNEY_SETTINGS, ...env });
    const api = new ApiClient(platform.urls['api-gateway'] as string);
    await eventually(async () => expect((await api.get('/.well-known/jwks.json')).body?.keys?.length).toBeGreaterThan(0), {
      timeoutMs: 15_000,
      intervalMs: 250,
    });
    return new JourneyPlatform(test, platform, api);
  }

  get deviceGatewayUrl(): string {
    return this.platform.urls['device-gateway'] as string;
  }

  /** Takes every phone of earlier steps offline, so the next journey's routing depends only on its own phones. */
  closeFleets(): void {
    for (const fleet of this.fleets) fleet.close();
  }

  async stop(): Promise<void> {
    this.closeFleets();
    if (process.env.E2E_DEBUG) {
      for (const [service, lines] of Object.entries(this.platform.output)) {
        console.log(`--- ${service}\n${(lines ?? []).filter((line) => !line.includes('request completed')).join('\n')}`);
      }
    }
    try {
      await this.platform.stop();
    } finally {
      await cleanupTestNamespace(this.test, SERVICE_NAMES);
    }
  }

  /** A new customer organization with an app key (verify, messages, billing) and `credit` minor units from the operator. */
  async customer(credit = 10_000): Promise<Customer> {
    const tag = randomBytes(4).toString('hex');
    const registered = expectStatus(
      await this.api.post('/v1/auth/register', undefined, {
        email: `shop-${tag}@journeys.zagel.example.com`,
        password: 'Harbor-Quill-7734-Cedar-Lamp',
        name: 'Journey Shop',
        organizationName: `journey shop ${tag}`,
        accountType: 'customer',
      }),
      201,
    );
    const owner = { bearer: registered.accessToken as string };
    const organizationId = registered.organization.id as string;
    const key = expectStatus(
      await this.api.post('/v1/api-keys', owner, { name: 'shop app', scopes: ['verify', 'messages:send', 'messages:read', 'billing:read'] }),
      201,
    );
    if (credit > 0) await this.credit(organizationId, credit);
    return { organizationId, owner, app: { apiKey: key.key as string } };
  }

  async credit(organizationId: string, amount: number): Promise<void> {
    expectStatus(await this.api.post(`/v1/admin/organizations/${organizationId}/credits`, await this.operator(), { amount, reason: 'journey credit' }), 201);
  }

  private async operator(): Promise<{ bearer: string }> {
    if (!this.operatorToken) {
      const session = expectStatus(await this.api.post('/v1/auth/login', undefined, OPERATOR), 200);
      this.operatorToken = session.accessToken as string;
    }
    return { bearer: this.operatorToken };
  }

  /**
   * A phone owner registers `count` phones on the carrier through `POST /v1/devices` and connects
   * them to the device-gateway; resolves once the API lists them all online.
   */
  async phoneOwner(count: number, where: { country: string; carrier: string }, options: Partial<FleetPhoneOptions> = {}): Promise<PhoneOwner> {
    const state: FleetStateDocument = { version: 1, accounts: {} };
    const devices = await provisionDevices(state, { apiUrl: this.api.baseUrl, count, country: where.country, carrier: where.carrier });
    const account = state.accounts[this.api.baseUrl]!.owner;
    const session = expectStatus(await this.api.post('/v1/auth/login', undefined, { email: account.email, password: account.password }), 200);
    const fleet = new DeviceFleet({
      gatewayUrl: this.deviceGatewayUrl,
      latency: { minMs: 20, maxMs: 60 },
      deliveredAfterMs: 100,
      heartbeatIntervalMs: 1_000,
      carrier: simOperatorFor(where.country, where.carrier),
      ...options,
    });
    this.fleets.push(fleet);
    const phones = await fleet.connect(devices);
    const bearer = session.accessToken as string;
    await eventually(
      async () => {
        const page = expectStatus(await this.api.get('/v1/devices', { bearer }), 200);
        expect(page.items.filter((device: Json) => device.online)).toHaveLength(count);
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    return { bearer, fleet, phones };
  }

  /** A mobile number on the carrier that no registered phone holds. */
  number(country: string, carrier?: string): Promise<string> {
    return generateMobileNumber(country, carrier);
  }
}

/** The phone (of the fleet) that received a message to `to`, and what it received. */
export async function receivedBy(fleet: DeviceFleet, to: string, timeoutMs = 15_000): Promise<{ phone: SimulatedPhone; body: string; messageId: string }> {
  let found: { phone: SimulatedPhone; body: string; messageId: string } | undefined;
  await eventually(
    () => {
      for (const phone of fleet.phones) {
        const message = phone.received.find((sms) => sms.to === to);
        if (message) found = { phone, body: message.body, messageId: message.messageId };
      }
      expect(found).toBeDefined();
    },
    { timeoutMs, intervalMs: 50 },
  );
  return found!;
}

/** The code in the built-in English text ("... code is 482913. ..."). */
export function codeIn(body: string): string {
  const match = /code is ([0-9A-Z]{4,10})\./.exec(body);
  if (!match) throw new Error(`no code in ${JSON.stringify(body)}`);
  return match[1] as string;
}

export { CallbackServer, validSignature, type ReceivedCallback } from '@zagel/testing';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
