import { Injectable } from '@nestjs/common';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';

/** Latencies kept per provider for the percentiles: the most recent ones. */
const LATENCY_SAMPLES = 1_000;

export interface ProviderCounts {
  sent: number;
  failed: number;
  successRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index];
}

/** Submit outcomes and latencies per provider account, in Redis so every instance adds to the same figures. */
@Injectable()
export class ProviderStats {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async record(providerId: string, outcome: 'sent' | 'failed', latencyMs: number): Promise<void> {
    await this.recordMany(providerId, [{ outcome, latencyMs }]);
  }

  /** Many submits' outcomes with one transaction (a batch's): the counts added, the latencies pushed in order. */
  async recordMany(providerId: string, submits: readonly { outcome: 'sent' | 'failed'; latencyMs: number }[]): Promise<void> {
    if (submits.length === 0) return;
    const counts = this.key(providerId, 'counts');
    const latencies = this.key(providerId, 'latency');
    const sent = submits.filter((submit) => submit.outcome === 'sent').length;
    const transaction = this.redis.multi();
    if (sent > 0) transaction.hIncrBy(counts, 'sent', sent);
    if (sent < submits.length) transaction.hIncrBy(counts, 'failed', submits.length - sent);
    // Only the newest LATENCY_SAMPLES are kept: older ones of a big batch would be trimmed at once.
    const kept = submits.slice(-LATENCY_SAMPLES).map((submit) => String(Math.round(submit.latencyMs)));
    await transaction.lPush(latencies, kept).lTrim(latencies, 0, LATENCY_SAMPLES - 1).exec();
  }

  async read(providerId: string): Promise<ProviderCounts> {
    const [counts, samples] = await Promise.all([
      this.redis.hGetAll(this.key(providerId, 'counts')),
      this.redis.lRange(this.key(providerId, 'latency'), 0, -1),
    ]);
    const sent = Number(counts.sent ?? 0);
    const failed = Number(counts.failed ?? 0);
    const sorted = samples.map(Number).sort((a, b) => a - b);
    return {
      sent,
      failed,
      successRate: sent + failed === 0 ? null : sent / (sent + failed),
      latencyP50Ms: percentile(sorted, 0.5),
      latencyP95Ms: percentile(sorted, 0.95),
    };
  }

  async forget(providerId: string): Promise<void> {
    await this.redis.del([this.key(providerId, 'counts'), this.key(providerId, 'latency')]);
  }

  private key(providerId: string, what: string): string {
    return this.keys.key('provider-sender', 'stats', providerId, what);
  }
}
