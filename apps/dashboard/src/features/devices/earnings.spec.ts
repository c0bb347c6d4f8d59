import { earningsByDay, percent } from './earnings';

const reward = (createdAt: string, tokens: number) => ({ messageId: createdAt, tokens, source: 'otp_verified' as const, createdAt });

describe('earnings by day', () => {
  it('adds the tokens and counts the messages of each UTC day, newest day first', () => {
    expect(
      earningsByDay([reward('2026-11-24T08:00:00.000Z', 1), reward('2026-11-23T23:59:00.000Z', 2), reward('2026-11-24T01:00:00.000Z', 3)]),
    ).toEqual([
      { day: '2026-11-24', tokens: 4, messages: 2 },
      { day: '2026-11-23', tokens: 2, messages: 1 },
    ]);
  });

  it('is empty without rewards', () => {
    expect(earningsByDay([])).toEqual([]);
  });
});

describe('a success rate', () => {
  it('reads as a whole percentage, or says there was no send yet', () => {
    expect(percent(0.974)).toBe('97%');
    expect(percent(null)).toBe('no sends yet');
    expect(percent(undefined)).toBe('no sends yet');
  });
});
