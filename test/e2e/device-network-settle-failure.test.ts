import { randomUUID } from 'node:crypto';
import { generateMobileNumber } from '@zagel/device-simulator';
import { Schema } from '@zagel/sdk';
import { E2E_TIMINGS, TestCustomer, TestPhone, TestPhoneOptions, TestPhoneOwner, TestPlatform, until } from '@zagel/testing';

/**
 * The dispatcher moves a lease in Redis (which decides what a phone's report changed) before it
 * commits what that report settles (attempt row, health, status event). Here that commit fails
 * once, for real: a trigger on the dispatcher's `delivery_attempts` raises on the first settle of
 * the given outcome. The report is redelivered, finds its lease already moved, and settles it then:
 * the customer is charged once, the phone's owner's reward claimed once, each status announced once.
 */

type MessageView = Schema<'MessageView'>;

const platform = new TestPlatform({
  services: ['auth', 'api-gateway', 'billing', 'ingestion', 'pool-dispatcher', 'device-gateway'],
  settings: { ...E2E_TIMINGS, DEVICE_SEND_TIMEOUT_MS: '10000', BUS_RETRY_DELAYS_MS: '200,1000,5000' },
});
let owner: TestPhoneOwner;

const dispatcherDb = () => platform.db('pool-dispatcher');

/** From now on the first commit that settles a lease as `outcome` fails (a sequence: it does not roll back with it). */
async function failFirstSettle(outcome: 'sent' | 'delivered'): Promise<void> {
  await dispatcherDb().query(`CREATE SEQUENCE settle_failures_${outcome}`);
  await dispatcherDb().query(`
    CREATE OR REPLACE FUNCTION fail_first_settle() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.outcome = TG_ARGV[0] AND nextval(quote_ident(TG_TABLE_SCHEMA) || '.settle_failures_' || TG_ARGV[0]) = 1 THEN
        RAISE EXCEPTION 'injected: the first % settle does not commit', TG_ARGV[0];
      END IF;
      RETURN NEW;
    END $$`);
  await dispatcherDb().query(
    `CREATE TRIGGER fail_first_${outcome} BEFORE INSERT OR UPDATE ON delivery_attempts FOR EACH ROW EXECUTE FUNCTION fail_first_settle('${outcome}')`,
  );
}

async function failuresInjected(outcome: 'sent' | 'delivered'): Promise<number> {
  const row = await dispatcherDb().one<{ last_value: string; is_called: boolean }>(`SELECT last_value, is_called FROM settle_failures_${outcome}`);
  return row?.is_called ? Number(row.last_value) : 0;
}

async function removeInjections(): Promise<void> {
  for (const outcome of ['sent', 'delivered']) {
    await dispatcherDb().query(`DROP TRIGGER IF EXISTS fail_first_${outcome} ON delivery_attempts`);
    await dispatcherDb().query(`DROP SEQUENCE IF EXISTS settle_failures_${outcome}`);
  }
}

function connectPhone(options: TestPhoneOptions = {}): Promise<TestPhone> {
  return platform.phone(owner, { country: 'EG', carrier: 'Vodafone', label: 'Vodafone phone', ...options });
}

async function send(payer: TestCustomer): Promise<{ id: string; price: number }> {
  const to = await generateMobileNumber('EG', 'Vodafone');
  const accepted = await payer.app.post('/v1/messages', { to, body: `Your parcel ${randomUUID().slice(0, 8)} is on its way.`, type: 'transactional', route: 'devices' });
  return accepted.body;
}

function messageReaches(payer: TestCustomer, id: string, status: string): Promise<MessageView> {
  return until(
    async () => {
      const view: MessageView = (await payer.app.get(`/v1/messages/${id}`)).body;
      return view.status === status ? view : undefined;
    },
    { what: `message ${id} to be ${status}`, deadline: 20_000, interval: 100 },
  );
}

const history = (view: MessageView, status: string) => (view.history ?? []).filter((entry) => entry.status === status);

/** The wallet once nothing is held for the message any more. */
function settledBalance(payer: TestCustomer) {
  return until(
    async () => {
      const balance = (await payer.app.get('/v1/billing/balance')).body;
      return balance.reserved === 0 ? balance : undefined;
    },
    { what: 'the reservation to be settled', deadline: 20_000 },
  );
}

/** The ledger's captures of the message's reservation (a capture's description names it). */
async function capturesOf(payer: TestCustomer, messageId: string) {
  const ledger = (await payer.app.get('/v1/billing/ledger?limit=100')).body.items;
  return ledger.filter((entry) => entry.kind === 'capture' && (entry.description ?? '').includes(messageId));
}

async function attemptOf(messageId: string) {
  return dispatcherDb().one<{ outcome: string; sent_at: Date | null; delivered_at: Date | null; late_reports: number }>(
    `SELECT outcome, sent_at, delivered_at, late_reports FROM delivery_attempts WHERE message_id = $1`,
    [messageId],
  );
}

beforeAll(async () => {
  await platform.start();
  owner = await platform.phoneOwner();
}, 180_000);

afterEach(async () => {
  platform.disconnectPhones();
  await removeInjections();
});

afterAll(() => platform.stop(), 60_000);

describe('a settle whose commit fails', () => {
  it('`sent`: recorded when the report comes again, so the message is announced sent and charged exactly once', async () => {
    const payer = await platform.customer({ credit: 10_000 });
    await connectPhone({ deliveredAfterMs: -1 });
    await failFirstSettle('sent');

    const accepted = await send(payer);
    const view = await messageReaches(payer, accepted.id, 'sent');
    await platform.drained();

    expect(await failuresInjected('sent')).toBeGreaterThanOrEqual(1);
    expect(history((await payer.app.get(`/v1/messages/${accepted.id}`)).body, 'sent')).toHaveLength(1);
    expect(view).toMatchObject({ route: 'device' });
    expect(await settledBalance(payer)).toMatchObject({ available: 10_000 - accepted.price, balance: 10_000 - accepted.price });
    expect(await capturesOf(payer, accepted.id)).toHaveLength(1);
    expect(await attemptOf(accepted.id)).toMatchObject({ outcome: 'sent', sent_at: expect.any(Date), late_reports: 0 });
  });

  it('`delivered`: recorded when the report comes again, so the phone owner claims its reward exactly once (pending until a canary) and the customer is charged once', async () => {
    const payer = await platform.customer({ credit: 10_000 });
    await connectPhone({ deliveredAfterMs: 50 });
    await failFirstSettle('delivered');
    const pendingBefore = Number((await owner.api.get('/v1/rewards?limit=100')).body.pendingTokens);

    const accepted = await send(payer);
    await messageReaches(payer, accepted.id, 'delivered');
    await until(async () => Number((await owner.api.get('/v1/rewards?limit=100')).body.pendingTokens) > pendingBefore, { what: "the owner's reward to be pending" });
    await platform.drained();

    expect(await failuresInjected('delivered')).toBeGreaterThanOrEqual(1);
    const view: MessageView = (await payer.app.get(`/v1/messages/${accepted.id}`)).body;
    expect(history(view, 'sent')).toHaveLength(1);
    expect(history(view, 'delivered')).toHaveLength(1);
    const rewards = (await owner.api.get('/v1/rewards?limit=100')).body;
    expect(rewards.pendingTokens).toBe(pendingBefore + 1);
    expect(rewards.items.filter((reward) => reward.messageId === accepted.id)).toEqual([]);
    expect(await settledBalance(payer)).toMatchObject({ available: 10_000 - accepted.price });
    expect(await capturesOf(payer, accepted.id)).toHaveLength(1);
    expect(await attemptOf(accepted.id)).toMatchObject({ outcome: 'delivered', sent_at: expect.any(Date), delivered_at: expect.any(Date) });
  });
});
