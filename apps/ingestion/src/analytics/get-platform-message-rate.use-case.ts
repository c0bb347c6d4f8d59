import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlatformMessageRate, PlatformMessageRateRequest } from '@zagel/contracts';
import { rateSamples } from './rate-samples';

const DEFAULT_WINDOW_SECONDS = 300;

/** Messages accepted per second over the last minutes, every organization together (operators only, at the gateway). */
@Injectable()
export class GetPlatformMessageRateUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(request: PlatformMessageRateRequest, now = new Date()): Promise<PlatformMessageRate> {
    const windowSeconds = request.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
    const bucketSeconds = Math.max(5, Math.round(windowSeconds / 60));
    // The window ends where the current bucket begins: a bucket still filling (and not yet flushed) would read low.
    const endSecond = Math.floor(now.getTime() / 1_000 / bucketSeconds) * bucketSeconds;
    const startSecond = endSecond - windowSeconds;
    const rows = (await this.dataSource.query(
      `SELECT extract(epoch FROM second)::bigint AS second, accepted FROM message_rate_seconds
       WHERE second >= to_timestamp($1) AND second < to_timestamp($2)`,
      [startSecond, endSecond],
    )) as { second: string; accepted: string }[];
    const counts = rows.map((row) => ({ second: Number(row.second), messages: Number(row.accepted) }));
    return rateSamples(counts, { startSecond, endSecond, bucketSeconds });
  }
}
