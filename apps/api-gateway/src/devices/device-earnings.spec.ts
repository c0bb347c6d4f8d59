import { DevicePage } from '@zagel/contracts';
import { withEarnings } from './device-earnings';

const device = (id: string) => ({ id }) as DevicePage['items'][number];

describe('withEarnings', () => {
  const page = { items: [device('a'), device('b')], nextCursor: 'next' } as DevicePage;

  it('puts each phone’s earned tokens on it, 0 for a phone that earned nothing', () => {
    const merged = withEarnings(page, { balance: 7, byDevice: [{ deviceId: 'b', earned: 7, rewardedMessages: 3 }] });
    expect(merged.items.map(({ id, earnings }) => ({ id, earnings }))).toEqual([
      { id: 'a', earnings: 0 },
      { id: 'b', earnings: 7 },
    ]);
    expect(merged.nextCursor).toBe('next');
  });

  it('answers earnings null when billing gave no summary', () => {
    expect(withEarnings(page, null).items.map((item) => item.earnings)).toEqual([null, null]);
  });
});
