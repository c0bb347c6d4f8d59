import { createClient } from 'redis';
import { SERVICE_NAMES, ServiceName } from '@zagel/config';
import { ensureDatabase } from '@zagel/database';
import { Bus, busOptionsFromConfig } from '@zagel/messaging';
import { PublicApiClient } from '@zagel/sdk';
import { FakeStripe } from '../fake-stripe';
import { freePort } from '../free-port';
import { createTestNamespace, TestNamespace } from '../test-namespace';
import { drained, DrainOptions } from '../waiting/drained';
import { until } from '../waiting/until';
import { AccountDesk, createCustomer, createPhoneOwner, CustomerOptions, signUpCustomer, TestCustomer, TestCustomerAccount, TestPhoneOwner } from './accounts';
import { BusProbe, BusProbeOptions } from './bus-probe';
import { removeNamespace } from './namespace-cleanup';
import { baseSettings, newOperatorAccount, OperatorAccount } from './platform-settings';
import { PhoneRack, TestPhone, TestPhoneOptions } from './phones';
import { QueueLedger } from './queue-ledger';
import { ServiceDatabase } from './service-database';
import { ServiceInstance } from './service-instance';

export interface TestPlatformOptions {
  /** The services to run, each as a process from `dist/` (`npm run build`). Default: all eight. */
  services?: readonly ServiceName[];
  /** This test file's settings, over the base ones (see `baseSettings`, `E2E_TIMINGS`). */
  settings?: Record<string, string>;
  /** Services that start with more than one instance, e.g. `{ auth: 2 }`: they start together. */
  replicas?: Partial<Record<ServiceName, number>>;
  /** Runs FakeStripe and points billing at it (`platform.stripe`). */
  stripe?: boolean;
  /** How long each process may take to report ready. Default 120 s (a busy machine). */
  readyTimeoutMs?: number;
}

type RedisConnection = ReturnType<typeof createClient>;

interface Closable {
  close?(): Promise<unknown> | unknown;
  stop?(): Promise<unknown> | unknown;
}

/**
 * Any subset of Zagel's services as real processes, started the way the launcher starts them, in a
 * namespace of their own (schemas, queues, Redis keys) with an operator account. It hands a test the
 * typed public API, bus probes, the services' tables, and the processes themselves (stop, kill,
 * restart, one more instance); `stop()` leaves nothing behind. One per test file:
 *
 *   const platform = new TestPlatform({ services: ['auth', 'api-gateway'] });
 *   beforeAll(() => platform.start(), BOOT_TIMEOUT_MS);
 *   afterAll(() => platform.stop(), STOP_TIMEOUT_MS);
 */
export class TestPlatform implements AccountDesk {
  readonly namespace: TestNamespace = createTestNamespace();
  readonly operator: OperatorAccount = newOperatorAccount();
  /** Drawn once: every instance, restarted or added, shares the platform's secrets. */
  private readonly base = baseSettings(this.operator);
  readonly services: readonly ServiceName[];
  readonly stripe?: FakeStripe;
  private readonly ledger = new QueueLedger(this.namespace.name);
  private readonly instances: ServiceInstance[] = [];
  private readonly probes: BusProbe[] = [];
  private readonly databases = new Map<ServiceName, ServiceDatabase>();
  private readonly resources: Closable[] = [];
  private readonly rack = new PhoneRack(() => this.url('device-gateway'));
  private redisConnection?: RedisConnection;
  private publicApi?: PublicApiClient;
  private operatorClient?: Promise<PublicApiClient>;
  private stopping?: Promise<void>;

  constructor(private readonly options: TestPlatformOptions = {}) {
    this.services = options.services ?? SERVICE_NAMES;
    if (options.stripe) this.stripe = new FakeStripe(`sk_test_${this.namespace.name}`);
  }

  /** What every process of this platform starts with (before its PORT and INSTANCE_ID). */
  get env(): Record<string, string | undefined> {
    return {
      ...process.env,
      ...this.namespace.env,
      ...this.ledger.env,
      ...this.base,
      ...this.stripe?.env,
      ...this.options.settings,
    };
  }

  async start(): Promise<this> {
    process.once('SIGINT', this.stopProcessesOnSignal).once('SIGTERM', this.stopProcessesOnSignal);
    await ensureDatabase(this.namespace.settings.DATABASE_URL);
    await this.ledger.open();
    await this.stripe?.start();
    const env = this.env;
    for (const service of this.services) {
      for (let replica = 0; replica < (this.options.replicas?.[service] ?? 1); replica += 1) {
        this.instances.push(await this.newInstance(service, env));
      }
    }
    try {
      await Promise.all(this.instances.map((instance) => instance.start()));
      // No retries: tests assert the 429s and 503s themselves (the SDK's own tests cover its retries).
      this.publicApi = this.services.includes('api-gateway') ? new PublicApiClient({ baseUrl: this.url('api-gateway'), retry: false }) : undefined;
      if (this.publicApi && this.services.includes('auth')) await this.gatewayHoldsSigningKeys();
    } catch (error) {
      await this.stop();
      throw error;
    }
    return this;
  }

  /** The public API at the gateway, anonymous (`.as(credential)` for someone). */
  get api(): PublicApiClient {
    if (!this.publicApi) throw new Error('this platform runs no api-gateway (or has not started)');
    return this.publicApi;
  }

  /** The base URL of the service's first instance, e.g. `http://127.0.0.1:41234`. */
  url(service: ServiceName): string {
    return this.instance(service).url;
  }

  /** The service's first instance, or the `index`th. */
  instance(service: ServiceName, index = 0): ServiceInstance {
    const found = this.instances.filter((instance) => instance.service === service)[index];
    if (!found) throw new Error(`this platform runs no ${service} instance #${index}`);
    return found;
  }

  instancesOf(service: ServiceName): ServiceInstance[] {
    return this.instances.filter((instance) => instance.service === service);
  }

  /** One more instance of a service (same namespace: database, queues, Redis), on a port of its own. */
  async startAnother(service: ServiceName, settings: Record<string, string> = {}): Promise<ServiceInstance> {
    const instance = await this.newInstance(service, { ...this.env, ...settings });
    this.instances.push(instance);
    await instance.start();
    return instance;
  }

  /** A test's own client on the bus, closed with the platform. */
  async probe(options: BusProbeOptions): Promise<BusProbe> {
    const identity = options.instanceId ? { instanceId: options.instanceId } : {};
    const bus = await Bus.connect(busOptionsFromConfig(this.namespace.settings, options.service, { ...identity, connectTimeoutMs: 10_000 }));
    const probe = await BusProbe.connect(bus, options);
    this.probes.push(probe);
    return probe;
  }

  /** SQL on the service's own schema. */
  db(service: ServiceName): ServiceDatabase {
    let database = this.databases.get(service);
    if (!database) {
      database = new ServiceDatabase(this.namespace.settings.DATABASE_URL, this.namespace.namespace.schema(service));
      this.databases.set(service, database);
    }
    return database;
  }

  /** A Redis connection; keys of this platform start with `platform.namespace.name`. */
  async redis(): Promise<RedisConnection> {
    if (!this.redisConnection) {
      this.redisConnection = createClient({ url: this.namespace.settings.REDIS_URL });
      await this.redisConnection.connect();
    }
    return this.redisConnection;
  }

  /** The public API as the platform operator (ADMIN_EMAIL), signed in once. */
  asOperator(): Promise<PublicApiClient> {
    this.operatorClient ??= this.api.post('/v1/auth/login', this.operator).then((reply) => this.api.as({ bearer: reply.body.accessToken }));
    return this.operatorClient;
  }

  /** A customer account owning a new organization, nothing more (no credit, no API key). */
  signUp(label?: string): Promise<TestCustomerAccount> {
    return signUpCustomer(this, label);
  }

  /** A customer organization with credit and an app API key (see CustomerOptions). */
  customer(options?: CustomerOptions): Promise<TestCustomer> {
    return createCustomer(this, options);
  }

  phoneOwner(): Promise<TestPhoneOwner> {
    return createPhoneOwner(this);
  }

  /** A simulated phone of the owner, registered through the API and connected to the device-gateway. */
  phone(owner: TestPhoneOwner, options?: TestPhoneOptions): Promise<TestPhone> {
    return this.rack.phone(owner, options);
  }

  /** `count` phones of the owner on one country and carrier. */
  phones(owner: TestPhoneOwner, count: number, options?: TestPhoneOptions): Promise<TestPhone[]> {
    return this.rack.phonesOf(owner, count, options);
  }

  /** Takes every simulated phone offline. */
  disconnectPhones(): void {
    this.rack.disconnectAll();
  }

  /** Takes every simulated phone offline and waits until the pools are empty, so the next test routes to none of them. */
  async emptyPools(): Promise<void> {
    this.disconnectPhones();
    const operator = await this.asOperator();
    await until(async () => ((await operator.get('/v1/admin/pools')).body.items as { onlinePhones: number }[]).every((pool) => pool.onlinePhones === 0), {
      what: 'every pool to be empty',
      interval: 100,
    });
  }

  /** Every queue of the namespace that the processes and probes declared. */
  queues(): Promise<string[]> {
    return this.ledger.queues();
  }

  /** Resolves once the platform has nothing left to do (see `drained`). */
  drained(options?: DrainOptions): Promise<void> {
    const { settings, name } = this.namespace;
    return drained({ rabbitmqUrl: settings.RABBITMQ_URL, databaseUrl: settings.DATABASE_URL, schemaPrefix: name, queues: () => this.ledger.queues() }, options);
  }

  /** Something the test started (a fake provider, a callback server) that stops with the platform. */
  closeOnStop<T extends Closable>(resource: T): T {
    this.resources.push(resource);
    return resource;
  }

  /** Stops every process, probe and resource, then drops the schemas, queues, exchanges and keys. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= this.removeEverything();
    return this.stopping;
  }

  /**
   * An interrupted bench, tool or test run (Ctrl-C, `kill`) takes its service processes with it:
   * without this they outlive it, re-parented to init, and load the machine until someone finds them.
   * The signal is then raised again, so the process ends as it would have.
   */
  private readonly stopProcessesOnSignal = (signal: NodeJS.Signals): void => {
    this.forgetSignals();
    for (const instance of this.instances) {
      if (instance.pid === undefined) continue;
      try {
        process.kill(instance.pid, 'SIGTERM');
      } catch {
        // Gone already.
      }
    }
    process.kill(process.pid, signal);
  };

  private forgetSignals(): void {
    process.off('SIGINT', this.stopProcessesOnSignal).off('SIGTERM', this.stopProcessesOnSignal);
  }

  private async removeEverything(): Promise<void> {
    this.forgetSignals();
    if (process.env.E2E_DEBUG) this.printOutput();
    this.reportCrashes();
    const settle = (work: Promise<unknown>) => work.catch(() => undefined);
    this.rack.disconnectAll();
    await Promise.all(this.resources.map((resource) => settle(Promise.resolve(resource.close ? resource.close() : resource.stop?.()))));
    await Promise.all(this.probes.map((probe) => settle(probe.close())));
    await Promise.all(this.instances.map((instance) => settle(instance.stop())));
    await Promise.all([...this.databases.values()].map((database) => settle(database.close())));
    if (this.redisConnection?.isOpen) await settle(this.redisConnection.quit());
    await settle(this.stripe?.stop() ?? Promise.resolve());
    await removeNamespace(this.namespace, this.ledger);
  }

  private async newInstance(service: ServiceName, env: Record<string, string | undefined>): Promise<ServiceInstance> {
    // A port is free until something listens on it: never hand out one already given to an instance here.
    let port = await freePort();
    while (this.instances.some((instance) => instance.port === port)) port = await freePort();
    return new ServiceInstance({ service, port, env, readyTimeoutMs: this.options.readyTimeoutMs ?? 120_000 });
  }

  /** Tokens are refused until the gateway holds auth's public keys; tests are about other things. */
  private async gatewayHoldsSigningKeys(): Promise<void> {
    await until(
      async () => {
        const jwks = await this.api.request('GET', '/.well-known/jwks.json');
        return jwks.ok && ((jwks.json as { keys?: unknown[] }).keys?.length ?? 0) > 0;
      },
      { what: "the gateway to hold auth's signing keys", deadline: 30_000, interval: 100 },
    );
  }

  /** A service that died on its own explains the failures around it: say so, with its last words. */
  private reportCrashes(): void {
    for (const instance of this.instances.filter((candidate) => candidate.crashes.length > 0)) {
      process.stderr.write(`${instance.service}: ${instance.crashes.join('; ')} during the run; its last lines:\n${instance.output.slice(-20).join('\n')}\n`);
    }
  }

  private printOutput(): void {
    for (const instance of this.instances) {
      const lines = instance.output.filter((line) => !line.includes('request completed'));
      process.stdout.write(`--- ${instance.service} (${instance.instanceId})\n${lines.join('\n')}\n`);
    }
  }
}
