import { shareCounts, tallyCounters } from './shared-counting';

describe('counting requests together', () => {
  const requests = [['ip:a', 'key:1'], ['ip:a', 'key:2'], ['ip:b'], ['ip:a', 'key:1']];

  it('raises each counter once by the number of requests on it', () => {
    expect([...tallyCounters(requests)]).toEqual([
      ['ip:a', 3],
      ['key:1', 2],
      ['key:2', 1],
      ['ip:b', 1],
    ]);
  });

  it('gives each request the count it would have got counted alone, in arrival order', () => {
    const tally = tallyCounters(requests);
    const after = new Map([
      ['ip:a', { count: 13, resetMs: 500 }],
      ['key:1', { count: 2, resetMs: 60_000 }],
      ['key:2', { count: 7, resetMs: 900 }],
      ['ip:b', { count: 1, resetMs: 60_000 }],
    ]);
    expect(shareCounts(requests, tally, after)).toEqual([
      [
        { count: 11, resetMs: 500 },
        { count: 1, resetMs: 60_000 },
      ],
      [
        { count: 12, resetMs: 500 },
        { count: 7, resetMs: 900 },
      ],
      [{ count: 1, resetMs: 60_000 }],
      [
        { count: 13, resetMs: 500 },
        { count: 2, resetMs: 60_000 },
      ],
    ]);
  });
});
