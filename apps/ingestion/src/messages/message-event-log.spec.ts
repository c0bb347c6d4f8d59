import { DataSource, EntityManager } from 'typeorm';
import { MessageEvent, MessageEventLog } from './message-event-log';
import { MessageStatusRecorder } from './message-status-recorder';
import { MessagesRepository } from './messages.repository';

const POISON = 'poison';

/** A log over fakes: every transaction's events are kept, and a transaction holding the poison step fails. */
function fakeLog() {
  const transactions: string[][] = [];
  let current: string[] = [];
  const manager = {} as EntityManager;
  const conversions: string[] = [];
  const dataSource = {
    manager,
    transaction: async (work: (manager: EntityManager) => Promise<void>) => {
      current = [];
      await work(manager);
      transactions.push(current);
    },
  } as unknown as DataSource;
  const messages = {
    adoptMany: (_: EntityManager, requests: { draft: { id: string } }[]) =>
      Promise.resolve({ adopted: new Set(requests.map(({ draft }) => draft.id)), earlier: [] }),
    recordOtpConversions: (_: EntityManager, verified: { messageId: string }[]) => {
      conversions.push(...verified.map((event) => event.messageId));
      return Promise.resolve();
    },
  } as unknown as MessagesRepository;
  const recorder = {
    record: (_: EntityManager, steps: { messageId: string }[]) => {
      current.push(...steps.map((step) => step.messageId));
      return steps.some((step) => step.messageId === POISON) ? Promise.reject(new Error('poisoned')) : Promise.resolve();
    },
  } as unknown as MessageStatusRecorder;
  return { log: new MessageEventLog(dataSource, messages, recorder), transactions, conversions };
}

const status = (messageId: string): MessageEvent => ({
  kind: 'status',
  step: { messageId, organizationId: 'o', status: 'sent', at: new Date(0) },
});

describe('MessageEventLog', () => {
  it('records the events that arrive while a batch commits together, in one transaction', async () => {
    const { log, transactions } = fakeLog();
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => log.record('otp', status(id))));
    // The first commits alone (nothing was committing); the others waited for it and went together.
    expect(transactions).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('retries a failed batch one event at a time: only the bad event fails, the others commit', async () => {
    const { log, transactions } = fakeLog();
    const outcomes = await log.recordEach(['a', POISON, 'b'].map(status));
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    expect(transactions).toEqual([['a'], ['b']]);
  });

  it("settles each caller's promise with its own event's outcome", async () => {
    const { log } = fakeLog();
    const results = await Promise.allSettled(['a', 'b', POISON, 'c'].map((id) => log.record('otp', status(id))));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  });

  it('records verifications alone with one statement, outside a transaction', async () => {
    const { log, transactions, conversions } = fakeLog();
    const verified = (messageId: string): MessageEvent => ({ kind: 'verified', messageId, organizationId: 'o', verifiedAt: new Date(0) });
    await Promise.all(['a', 'b', 'c'].map((id) => log.record('otp', verified(id))));
    expect(conversions).toEqual(['a', 'b', 'c']);
    expect(transactions).toEqual([]);
  });
});
