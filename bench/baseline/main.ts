import { PlatformConfig } from '@zagel/config';
import {
  BenchReport,
  Cell,
  listOption,
  machineInfo,
  numberOption,
  printTable,
  readReport,
  writeReport,
} from '../common';
import { HttpResult, measureHttp } from './http';
import { measurePostgresCopy, PostgresResult } from './postgres';
import { measureRabbitMq, RabbitResult } from './rabbitmq';
import { measureRedisPipeline, RedisResult } from './redis';

/**
 * This machine's bare limits, the denominators of every other bench:
 *   npm run bench:baseline -- [--only=rabbitmq,postgres,redis,http] [--rabbit-messages=100000]
 *     [--rabbit-window=1000] [--rabbit-bytes=300] [--pg-rows=1000000] [--redis-ops=1000000]
 *     [--redis-pipeline=1000] [--redis-concurrency=1] [--http-seconds=10] [--http-connections=50]
 * Every flag can also be given as BENCH_<FLAG> (BENCH_PG_ROWS=200000). Connection URLs come
 * from DATABASE_URL, REDIS_URL and RABBITMQ_URL as for the services.
 */

interface BaselineResults {
  rabbitmq?: RabbitResult;
  postgres?: PostgresResult;
  redis?: RedisResult;
  http?: HttpResult;
}

const SECTIONS = ['rabbitmq', 'postgres', 'redis', 'http'] as const;

function readOptions() {
  const defaults = new PlatformConfig();
  return {
    only: listOption('only', SECTIONS),
    rabbitmq: {
      url: process.env.RABBITMQ_URL || defaults.RABBITMQ_URL,
      messages: numberOption('rabbit-messages', 100_000),
      messageBytes: numberOption('rabbit-bytes', 300),
      window: numberOption('rabbit-window', 1_000),
      prefetch: numberOption('rabbit-prefetch', 1_000),
    },
    postgres: { url: process.env.DATABASE_URL || defaults.DATABASE_URL, rows: numberOption('pg-rows', 1_000_000) },
    redis: {
      url: process.env.REDIS_URL || defaults.REDIS_URL,
      operations: numberOption('redis-ops', 1_000_000),
      pipeline: numberOption('redis-pipeline', 1_000),
      concurrency: numberOption('redis-concurrency', 1),
    },
    http: { seconds: numberOption('http-seconds', 10), connections: numberOption('http-connections', 50) },
  };
}

/** Strips credentials from a URL before it is printed or saved. */
const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//');

/** autocannon measures whole milliseconds: a 0 means under one. */
const wholeMilliseconds = (value: number): Cell => (value === 0 ? '< 1' : String(value));

function rowsOf(results: BaselineResults): Cell[][] {
  const rows: Cell[][] = [];
  const { rabbitmq, postgres, redis, http } = results;
  if (rabbitmq) {
    rows.push(
      ['rabbitmq', 'publish, persistent, confirmed', rabbitmq.publishConfirmedPerSec, 'msg/s'],
      ['rabbitmq', 'consume backlog, manual ack', rabbitmq.drainPerSec, 'msg/s'],
      ['rabbitmq', 'publish → consume, end to end', rabbitmq.endToEndPerSec, 'msg/s'],
      ['rabbitmq', 'end-to-end latency p50 (saturated)', rabbitmq.endToEndLatencyMs.p50, 'ms'],
      ['rabbitmq', 'end-to-end latency p99 (saturated)', rabbitmq.endToEndLatencyMs.p99, 'ms'],
    );
  }
  if (postgres) {
    rows.push(
      ['postgres', `COPY FROM STDIN, ${postgres.rows.toLocaleString('en-US')} message rows`, postgres.rowsPerSec, 'rows/s'],
      ['postgres', 'COPY FROM STDIN, bytes', postgres.megabytesPerSec, 'MB/s'],
    );
  }
  if (redis) rows.push(['redis', 'INCR + SET, pipelined', redis.operationsPerSec, 'ops/s']);
  if (http) {
    rows.push(
      ['http', 'bare Fastify JSON endpoint', http.requestsPerSec, 'req/s'],
      ['http', 'latency p50', wholeMilliseconds(http.latencyMs.p50), 'ms'],
      ['http', 'latency p99', wholeMilliseconds(http.latencyMs.p99), 'ms'],
    );
  }
  return rows;
}

async function main(): Promise<void> {
  const options = readOptions();
  const unknown = options.only.filter((section) => !(SECTIONS as readonly string[]).includes(section));
  if (unknown.length > 0) throw new Error(`--only: unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);

  const machine = machineInfo();
  console.log(`Baseline on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);

  // One section at a time, so each has the whole machine; HTTP first and PostgreSQL last,
  // because a million-row COPY leaves the server checkpointing for a while.
  const results: BaselineResults = {};
  const run = async <K extends keyof BaselineResults>(section: K, measure: () => Promise<BaselineResults[K]>) => {
    if (!options.only.includes(section)) return;
    process.stdout.write(`measuring ${section}… `);
    const started = Date.now();
    results[section] = await measure();
    console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  await run('http', () => measureHttp(options.http));
  await run('redis', () => measureRedisPipeline(options.redis));
  await run('rabbitmq', () => measureRabbitMq(options.rabbitmq));
  await run('postgres', () => measurePostgresCopy(options.postgres));

  console.log('');
  printTable(['section', 'measure', 'value', 'unit'], rowsOf(results));

  // A partial run (--only) keeps the other sections of the previous report.
  const previous = readReport<BaselineResults>('baseline');
  const report: BenchReport = {
    bench: 'baseline',
    date: new Date().toISOString(),
    machine,
    options: {
      ...options,
      rabbitmq: { ...options.rabbitmq, url: redact(options.rabbitmq.url) },
      postgres: { ...options.postgres, url: redact(options.postgres.url) },
      redis: { ...options.redis, url: redact(options.redis.url) },
    },
    results: { ...previous?.results, ...results },
  };
  console.log(`\nwritten to ${writeReport(report)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
