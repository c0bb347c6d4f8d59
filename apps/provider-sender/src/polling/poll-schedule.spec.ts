import { parsePollDelays, pollDelayMs, pollPlan } from './poll-schedule';

describe('poll schedule', () => {
  const delays = parsePollDelays('30000, 60000,120000');

  it('steps through the delays and repeats the last', () => {
    expect([0, 1, 2, 3, 9].map((polls) => pollDelayMs(delays, polls))).toEqual([30_000, 60_000, 120_000, 120_000, 120_000]);
  });

  it('stops at the message expiry, or after the longest wait when it has none', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(pollPlan(delays, 3_600_000, '2026-12-01T10:10:00Z', now)).toEqual({ dueAt: new Date('2026-12-01T10:00:30Z'), giveUpAt: new Date('2026-12-01T10:10:00Z') });
    expect(pollPlan(delays, 3_600_000, undefined, now).giveUpAt).toEqual(new Date('2026-12-01T11:00:00Z'));
  });

  it('refuses a schedule that is not milliseconds', () => {
    expect(() => parsePollDelays('30s')).toThrow(/DELIVERY_POLL_DELAYS_MS/);
  });
});
