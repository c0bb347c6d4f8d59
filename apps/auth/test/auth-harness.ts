import { Contract, RegisterRequest, RpcContract, SessionReply, Register } from '@zagel/contracts';
import { Bus, busOptionsFromConfig, deleteBusTopology } from '@zagel/messaging';
import { loadServiceSettings, RunningService, startService } from '@zagel/service';
import { cleanupTestNamespace, createTestNamespace, TestNamespace } from '@zagel/testing';
import { authApp } from '../src/auth.app';
import { AuthConfig } from '../src/config';

const CLIENT = 'auth-test-client';

export interface CapturedEvent<P> {
  payload: P;
  tenantId?: string;
}

/** The auth service booted in-process in a namespace of its own, and a bus client that calls it and hears its events. */
export class AuthHarness {
  readonly test: TestNamespace = createTestNamespace();
  service: RunningService<AuthConfig>;
  client: Bus;
  private readonly events = new Map<string, CapturedEvent<unknown>[]>();
  private counter = 0;

  constructor(
    private readonly env: Record<string, string> = {},
    private readonly listenTo: Contract[] = [],
  ) {}

  async start(): Promise<void> {
    const settings = loadServiceSettings(authApp, { ...process.env, ...this.test.env, PORT: '0', ...this.env });
    this.service = await startService(authApp, settings, '127.0.0.1');
    this.client = await Bus.connect(busOptionsFromConfig(this.test.settings, CLIENT));
    for (const contract of this.listenTo) {
      this.events.set(contract.type, []);
      this.client.onEvent(contract, (payload, { metadata }) => {
        this.events.get(contract.type)!.push({ payload, tenantId: metadata.tenantId });
      });
    }
    await this.client.start();
  }

  async stop(): Promise<void> {
    await this.client?.close();
    await this.service?.app.close();
    await deleteBusTopology(this.test.settings.RABBITMQ_URL, this.test.namespace, [
      { service: CLIENT, instanceIds: [this.test.settings.INSTANCE_ID], retryDelaysMs: this.test.settings.BUS_RETRY_DELAYS_MS },
    ]);
    await cleanupTestNamespace(this.test, ['auth'], [this.service?.settings.INSTANCE_ID ?? '']);
  }

  call<Req extends object, Res extends object>(contract: RpcContract<Req, Res>, payload: Req): Promise<Res> {
    return this.client.rpc.call(contract, 'auth', payload);
  }

  received<P>(contract: Contract<P & object>): CapturedEvent<P>[] {
    return (this.events.get(contract.type) ?? []) as CapturedEvent<P>[];
  }

  /** A fresh email, so tests never collide. */
  email(label: string): string {
    this.counter += 1;
    return `${label}-${this.counter}@example.test`;
  }

  register(overrides: Partial<RegisterRequest> = {}): Promise<SessionReply> {
    return this.call(Register, {
      email: this.email('user'),
      password: STRONG_PASSWORD,
      name: 'Test User',
      accountType: 'customer',
      client: { ip: '198.51.100.1' },
      ...overrides,
    });
  }
}

export const STRONG_PASSWORD = 'violet-harbor-93-quill-tundra';
