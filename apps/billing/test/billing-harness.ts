import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AdjustCredits, Contract, RpcContract } from '@zagel/contracts';
import { Bus, busOptionsFromConfig, deleteBusTopology } from '@zagel/messaging';
import { loadServiceSettings, RunningService, startService } from '@zagel/service';
import { cleanupTestNamespace, createTestNamespace, TestNamespace } from '@zagel/testing';
import { billingApp } from '../src/billing.app';
import { BillingConfig } from '../src/config';

const CLIENT = 'billing-test-client';

/** The billing service booted in-process in a namespace of its own, and a bus client that calls it and hears its events. */
export class BillingHarness {
  readonly test: TestNamespace = createTestNamespace();
  service: RunningService<BillingConfig>;
  client: Bus;
  readonly operatorId = uuidv7();
  private readonly events = new Map<string, unknown[]>();

  constructor(
    private readonly env: Record<string, string> = {},
    private readonly listenTo: Contract[] = [],
  ) {}

  async start(): Promise<void> {
    const settings = loadServiceSettings(billingApp, { ...process.env, ...this.test.env, PORT: '0', ...this.env });
    this.service = await startService(billingApp, settings, '127.0.0.1');
    this.client = await Bus.connect(busOptionsFromConfig(this.test.settings, CLIENT));
    for (const contract of this.listenTo) {
      this.events.set(contract.type, []);
      this.client.onEvent(contract, (payload) => {
        this.events.get(contract.type)!.push(payload);
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
    await cleanupTestNamespace(this.test, ['billing'], [this.service?.settings.INSTANCE_ID ?? '']);
  }

  get db(): DataSource {
    return this.service.app.get(DataSource);
  }

  call<Req extends object, Res extends object>(contract: RpcContract<Req, Res>, payload: Req): Promise<Res> {
    return this.client.rpc.call(contract, 'billing', payload);
  }

  received<P>(contract: Contract<P & object>): P[] {
    return (this.events.get(contract.type) ?? []) as P[];
  }

  /** A new organization whose wallet holds `amount`. */
  async fundedOrganization(amount: number): Promise<string> {
    const organizationId = uuidv7();
    await this.call(AdjustCredits, { organizationId, operatorId: this.operatorId, amount, reason: 'test funding' });
    return organizationId;
  }

  /** Ledger transactions whose entries do not sum to zero per unit: always expected to be none. */
  async unbalancedTransactions(): Promise<unknown[]> {
    return this.db.query(
      `SELECT e.transaction_id, a.unit, sum(e.amount) AS total FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
       GROUP BY e.transaction_id, a.unit HAVING sum(e.amount) <> 0`,
    );
  }

  /** Wallets whose cached balance differs from the sum of their entries, or platform accounts with a cached one: always expected to be none. */
  async driftedAccounts(): Promise<unknown[]> {
    return this.db.query(
      `SELECT a.id FROM accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
       GROUP BY a.id, a.kind, a.balance
       HAVING CASE WHEN a.kind IN ('customer_wallet', 'reward_wallet') THEN a.balance <> coalesce(sum(e.amount), 0) ELSE a.balance <> 0 END`,
    );
  }
}
