import { v7 as uuidv7 } from 'uuid';
import { AdjustCredits, Contract, GetBalance, MessageRequestedPayload, MessageStatusPayload, MessageStatusChanged } from '@zagel/contracts';
import { Bus, busOptionsFromConfig, deleteBusTopology } from '@zagel/messaging';
import { ServiceName } from '@zagel/config';
import { startServiceProcess, waitForReady } from '@zagel/process-supervisor';
import {
  cleanupTestNamespace,
  createTestNamespace,
  eventually,
  freePort,
  RunningPlatform,
  serviceEntry,
  startPlatformProcesses,
  TestNamespace,
} from '@zagel/testing';
import { createApiKey, Credential, PublicApi, registerCustomer } from './public-api';

export const ROUTER = 'router-stub';

const GENEROUS_LIMITS: Record<string, string> = {
  RATE_LIMIT_PER_KEY_PER_MINUTE: '100000',
  RATE_LIMIT_PER_ORG_PER_MINUTE: '100000',
  RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
};

/**
 * auth, billing, ingestion and the gateway as real processes, and a bus client that plays the router:
 * it hears `message.requested` (and whatever else a test listens to) and publishes `message.status`.
 */
export class IngestionPlatform {
  readonly test: TestNamespace = createTestNamespace();
  platform: RunningPlatform;
  api: PublicApi;
  router: Bus;
  private readonly heard = new Map<string, unknown[]>();

  constructor(
    private readonly services: ServiceName[],
    private readonly env: Record<string, string> = {},
    private readonly listenTo: Contract[] = [],
  ) {}

  async start(): Promise<void> {
    this.platform = await startPlatformProcesses(this.test, this.services, { ...GENEROUS_LIMITS, ...this.env });
    this.api = new PublicApi(this.platform.urls['api-gateway'] as string);
    this.router = await Bus.connect(busOptionsFromConfig(this.test.settings, ROUTER, { connectTimeoutMs: 5_000 }));
    for (const contract of this.listenTo) {
      this.heard.set(contract.type, []);
      this.router.onEvent(contract, (payload) => {
        this.heard.get(contract.type)!.push(payload);
      });
    }
    await this.router.start();
    const hasKeys = async () => {
      const jwks = await this.api.get('/.well-known/jwks.json');
      return jwks.status === 200 && jwks.body?.keys?.length > 0;
    };
    await eventually(async () => expect(await hasKeys()).toBe(true), { timeoutMs: 15_000, intervalMs: 250 });
  }

  async stop(): Promise<void> {
    if (process.env.E2E_DEBUG) {
      for (const [service, lines] of Object.entries(this.platform?.output ?? {})) {
        console.log(`--- ${service}\n${(lines ?? []).filter((line) => !line.includes('request completed')).join('\n')}`);
      }
    }
    await this.router?.close();
    await this.platform?.stop();
    await deleteBusTopology(this.test.settings.RABBITMQ_URL, this.test.namespace, [
      { service: ROUTER, instanceIds: [this.test.settings.INSTANCE_ID], retryDelaysMs: this.test.settings.BUS_RETRY_DELAYS_MS },
    ]);
    await cleanupTestNamespace(this.test, this.services);
  }

  /** Stops one service's process; `resume` starts it again on the same port and waits until it is ready. */
  async pause(service: ServiceName): Promise<{ resume: () => Promise<void> }> {
    const running = this.platform.processes.get(service)!;
    await running.stop(10_000);
    const url = this.platform.urls[service] as string;
    const port = new URL(url).port;
    return {
      resume: async () => {
        const lines = this.platform.output[service] ?? [];
        this.platform.processes.set(
          service,
          startServiceProcess({
            name: service,
            args: [serviceEntry(service)],
            cwd: process.cwd(),
            env: { ...process.env, ...this.test.env, ...GENEROUS_LIMITS, ...this.env, PORT: port, INSTANCE_ID: `${service}-${port}-again` },
            restart: false,
            onOutput: (line) => lines.push(line),
          }),
        );
        await waitForReady(`${url}/health/ready`, { timeoutMs: 60_000 });
      },
    };
  }

  /** One more instance of a service, on a port of its own, for as long as the test needs it. */
  async startAnother(service: ServiceName): Promise<{ stop: () => Promise<void> }> {
    const port = String(await freePort());
    const lines: string[] = [];
    const extra = startServiceProcess({
      name: `${service}-2`,
      args: [serviceEntry(service)],
      cwd: process.cwd(),
      env: { ...process.env, ...this.test.env, ...GENEROUS_LIMITS, ...this.env, PORT: port, INSTANCE_ID: `${service}-${port}` },
      restart: false,
      onOutput: (line) => lines.push(line),
    });
    await waitForReady(`http://127.0.0.1:${port}/health/ready`, { timeoutMs: 60_000 });
    return { stop: async () => void (await extra.stop(10_000)) };
  }

  heardOf<P>(contract: Contract<P & object>): P[] {
    return (this.heard.get(contract.type) ?? []) as P[];
  }

  requestsFor(messageId: string): MessageRequestedPayload[] {
    return this.heardOf<MessageRequestedPayload>({ type: 'message.requested' } as Contract<MessageRequestedPayload>).filter(
      (request) => request.messageId === messageId,
    );
  }

  async report(payload: Omit<MessageStatusPayload, 'at'> & { at?: string }): Promise<void> {
    await this.router.publish(MessageStatusChanged, { ...payload, at: payload.at ?? new Date().toISOString() } as MessageStatusPayload);
  }

  /** A registered customer with a funded wallet and an API key that sends and reads messages. */
  async customer(label: string, funds = 100_000): Promise<Tenant> {
    const owner = await registerCustomer(this.api, label);
    if (funds > 0) {
      await this.router.rpc.call(AdjustCredits, 'billing', {
        organizationId: owner.organizationId,
        operatorId: uuidv7(),
        amount: funds,
        reason: 'e2e funding',
      });
    }
    const key = await createApiKey(this.api, owner.as, ['messages:send', 'messages:read', 'templates']);
    return { organizationId: owner.organizationId, as: key, owner: owner.as };
  }

  balance(organizationId: string) {
    return this.router.rpc.call(GetBalance, 'billing', { organizationId });
  }
}

export interface Tenant {
  organizationId: string;
  as: Credential;
  owner: Credential;
}

export { CallbackServer, validSignature, type ReceivedCallback } from '@zagel/testing';
