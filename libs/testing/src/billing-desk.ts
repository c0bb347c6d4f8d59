import { v7 as uuidv7 } from 'uuid';
import { AdjustCredits, Contract, RpcContract } from '@zagel/contracts';
import { BusProbe } from './platform/bus-probe';
import { ServiceDatabase } from './platform/service-database';
import { TestPlatform } from './platform/test-platform';

/** What the billing tests do on a platform running billing: call its RPCs, publish the events it hears, read its tables. */
export class BillingDesk {
  readonly operatorId = uuidv7();

  private constructor(
    /** The test's client on the bus: calls billing, publishes message events, hears billing's events. */
    readonly client: BusProbe,
    readonly db: ServiceDatabase,
  ) {}

  static async open(platform: TestPlatform, listenTo: Contract[] = []): Promise<BillingDesk> {
    return new BillingDesk(await platform.probe({ service: 'billing-test-client', hears: listenTo }), platform.db('billing'));
  }

  call<Req extends object, Res extends object>(contract: RpcContract<Req, Res>, payload: Req): Promise<Res> {
    return this.client.rpc.call(contract, 'billing', payload, { timeoutMs: 10_000 });
  }

  received<P extends object>(contract: Contract<P>): P[] {
    return this.client.heard(contract);
  }

  /** A new organization whose wallet holds `amount`. */
  async fundedOrganization(amount: number): Promise<string> {
    const organizationId = uuidv7();
    await this.call(AdjustCredits, { organizationId, operatorId: this.operatorId, amount, reason: 'test funding' });
    return organizationId;
  }

  /** Ledger transactions whose entries do not sum to zero per unit: always expected to be none. */
  unbalancedTransactions(): Promise<unknown[]> {
    return this.db.query(
      `SELECT e.transaction_id, a.unit, sum(e.amount) AS total FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
       GROUP BY e.transaction_id, a.unit HAVING sum(e.amount) <> 0`,
    );
  }

  /** Wallets whose cached balance differs from the sum of their entries, or platform accounts with a cached one: always expected to be none. */
  driftedAccounts(): Promise<unknown[]> {
    return this.db.query(
      `SELECT a.id FROM accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
       GROUP BY a.id, a.kind, a.balance
       HAVING CASE WHEN a.kind IN ('customer_wallet', 'reward_wallet') THEN a.balance <> coalesce(sum(e.amount), 0) ELSE a.balance <> 0 END`,
    );
  }
}
