import { rateSamples } from './rate-samples';

describe('rateSamples', () => {
  it('sums per-second counts into buckets of per-second rates, empty buckets at 0 and counts outside the window left out', () => {
    const rate = rateSamples(
      [
        { second: 1_000, messages: 10 },
        { second: 1_004, messages: 5 },
        { second: 1_012, messages: 20 },
        { second: 999, messages: 100 },
        { second: 1_015, messages: 100 },
      ],
      { startSecond: 1_000, endSecond: 1_015, bucketSeconds: 5 },
    );
    expect(rate).toEqual({
      windowSeconds: 15,
      bucketSeconds: 5,
      messages: 35,
      perSecond: 35 / 15,
      samples: [
        { at: new Date(1_000_000).toISOString(), perSecond: 3 },
        { at: new Date(1_005_000).toISOString(), perSecond: 0 },
        { at: new Date(1_010_000).toISOString(), perSecond: 4 },
      ],
    });
  });
});
