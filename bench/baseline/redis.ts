import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { perSecond, timed } from '../common';

export interface RedisOptions {
  url: string;
  operations: number;
  pipeline: number;
  /** Pipelines in flight at once on the one connection. */
  concurrency: number;
}

export interface RedisResult {
  operations: number;
  seconds: number;
  operationsPerSec: number;
}

const KEY_SPACE = 1_000;

/** INCR and SET, half each, sent in pipelines; keys live under bench:<random>: and are deleted after. */
export async function measureRedisPipeline(options: RedisOptions): Promise<RedisResult> {
  const prefix = `bench:${randomBytes(4).toString('hex')}`;
  const counterKey = `${prefix}:counter`;
  const keys = Array.from({ length: KEY_SPACE }, (_, i) => `${prefix}:key:${i}`);
  const value = randomBytes(50).toString('hex');
  const client = createClient({ url: options.url });
  await client.connect();
  try {
    const perPipeline = 2 * Math.ceil(options.pipeline / 2);
    const pipelines = Math.ceil(options.operations / perPipeline);
    let next = 0;
    const worker = async () => {
      while (next < pipelines) {
        const index = next++;
        const batch = client.multi();
        for (let i = 0; i < perPipeline; i += 2) {
          batch.incr(counterKey);
          batch.set(keys[(index * perPipeline + i) % KEY_SPACE], value);
        }
        await batch.execAsPipeline();
      }
    };
    const { seconds } = await timed(() => Promise.all(Array.from({ length: options.concurrency }, worker)));
    const operations = pipelines * perPipeline;
    const counted = Number(await client.get(counterKey));
    if (counted !== operations / 2) throw new Error(`INCR counted ${counted} of ${operations / 2}`);
    return { operations, seconds, operationsPerSec: perSecond(operations, seconds) };
  } finally {
    await client.del([counterKey, ...keys]);
    await client.close();
  }
}
