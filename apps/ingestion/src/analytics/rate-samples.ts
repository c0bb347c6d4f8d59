import { PlatformMessageRate } from '@zagel/contracts';

/** Per-second counts in [startSecond, endSecond) as one per-second rate per bucket, empty buckets at 0. */
export function rateSamples(
  counts: readonly { second: number; messages: number }[],
  window: { startSecond: number; endSecond: number; bucketSeconds: number },
): PlatformMessageRate {
  const { startSecond, endSecond, bucketSeconds } = window;
  const buckets = new Array<number>(Math.ceil((endSecond - startSecond) / bucketSeconds)).fill(0);
  let messages = 0;
  for (const count of counts) {
    if (count.second < startSecond || count.second >= endSecond) continue;
    buckets[Math.floor((count.second - startSecond) / bucketSeconds)] += count.messages;
    messages += count.messages;
  }
  const windowSeconds = endSecond - startSecond;
  return {
    windowSeconds,
    bucketSeconds,
    messages,
    perSecond: windowSeconds === 0 ? 0 : messages / windowSeconds,
    samples: buckets.map((total, index) => ({ at: new Date((startSecond + index * bucketSeconds) * 1_000).toISOString(), perSecond: total / bucketSeconds })),
  };
}
