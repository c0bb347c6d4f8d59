import { foldStatusSteps, MessageProgress, StatusStep } from './message-status-changes';

const queued: MessageProgress = {
  status: 'queued',
  route: null,
  device_id: null,
  provider: null,
  provider_account_id: null,
  provider_message_id: null,
  error_code: null,
  sent_at: null,
  delivered_at: null,
};
const step = (status: StatusStep['status'], second: number, extra: Partial<StatusStep> = {}): StatusStep => ({
  messageId: 'm',
  organizationId: 'o',
  status,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)),
  ...extra,
});

describe('foldStatusSteps', () => {
  it('takes steps by rank, whatever order they came in, and moves once per step up', () => {
    const outcome = foldStatusSteps(queued, [step('delivered', 3), step('sent', 2, { provider: 'sim', providerAccountId: 'a1', providerMessageId: 'p1' }), step('routing', 1)]);
    expect(outcome.moves.map((move) => move.status)).toEqual(['routing', 'sent', 'delivered']);
    expect(outcome.progress).toEqual(
      expect.objectContaining({ status: 'delivered', provider: 'sim', provider_account_id: 'a1', provider_message_id: 'p1', sent_at: step('sent', 2).at, delivered_at: step('delivered', 3).at }),
    );
  });

  it('never moves a final message: a late sent fills in what it tells, nothing else', () => {
    const delivered = { ...queued, status: 'delivered' as const, delivered_at: step('delivered', 3).at };
    const outcome = foldStatusSteps(delivered, [step('sent', 2, { route: 'provider', errorCode: 'ignored' })]);
    expect(outcome.moves).toEqual([]);
    expect(outcome.progress).toEqual({ ...delivered, route: 'provider', sent_at: step('sent', 2).at });
  });

  it('keeps the first sent time and what is known when a step says nothing', () => {
    const sent = { ...queued, status: 'sent' as const, provider: 'sim', sent_at: step('sent', 1).at };
    const outcome = foldStatusSteps(sent, [step('sent', 5), step('failed', 6, { errorCode: 'rejected' })]);
    expect(outcome.moves.map((move) => move.status)).toEqual(['failed']);
    expect(outcome.progress).toEqual(expect.objectContaining({ status: 'failed', provider: 'sim', error_code: 'rejected', sent_at: step('sent', 1).at }));
  });

  it('applies the same steps twice to the same end: a redelivered step moves nothing', () => {
    const once = foldStatusSteps(queued, [step('sent', 1), step('delivered', 2)]);
    const again = foldStatusSteps({ ...queued, ...once.progress }, [step('sent', 1), step('delivered', 2)]);
    expect(again.moves).toEqual([]);
    expect(again.progress).toEqual(once.progress);
  });
});
