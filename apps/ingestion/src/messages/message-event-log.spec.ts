import { DataSource, EntityManager } from 'typeorm';
import { IngestionConfig } from '../config';
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
  const settings = { BUS_LIVE_PREFETCH: 8, BOOKKEEPING_LINGER_MS: 200 } as IngestionConfig;
  return { log: new MessageEventLog(dataSource, messages, recorder, settings), transactions, conversions };
}

const status = (messageId: string): MessageEvent => ({
  kind: 'status',
  step: { messageId, organizationId: 'o', status: 'sent', at: new Date(0) },
});

describe('MessageEventLog', () => {
  it('records the events that arrive while a batch commits together, in one transaction', async () => {
    const { log, transactions } = fakeLog();
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => log.record('api', status(id))));
    // The first commits alone (nothing was committing); the others waited for it and went together.
    expect(transactions).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it("lets a verification code's events wait for company: one transaction for what came within the linger", async () => {
    jest.useFakeTimers();
    try {
      const { log, transactions } = fakeLog();
      const all = [log.record('otp', status('a'))];
      await jest.advanceTimersByTimeAsync(20);
      all.push(log.record('otp', status('b')), log.record('otp', status('c')));
      // BOOKKEEPING_LINGER_MS is 200 ms here, counted from the first event.
      await jest.advanceTimersByTimeAsync(179);
      expect(transactions).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      await Promise.all(all);
      expect(transactions).toEqual([['a', 'b', 'c']]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('ends the linger once half the live prefetch waits, so lingering deliveries never hold the whole queue', async () => {
    jest.useFakeTimers();
    try {
      const { log, transactions } = fakeLog();
      // No timer advances: the four settle only if the fourth ended the wait.
      await Promise.all(['a', 'b', 'c', 'd'].map((id) => log.record('otp', status(id))));
      expect(transactions).toEqual([['a', 'b', 'c', 'd']]);
    } finally {
      jest.useRealTimers();
    }
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
