import { PlatformConfig } from '@zagel/config';
import { loadavg } from 'node:os';
import { Cell, listOption, machineInfo, numberOption, printTable } from '../common';
import { BaselineResults, redact, saveBaseline } from './baseline-report';
import { measureHttp } from './http';
import { measureOtpPath, OtpPathResult, OtpPathStep } from './otp-path/measure';
import { otpPathOptions } from './otp-path/options';
import { measurePostgresCopy } from './postgres';
import { measureRabbitMq } from './rabbitmq';
import { measureRedisPipeline } from './redis';

/**
 * This machine's bare limits, the denominators of every other bench:
 *   npm run bench:baseline -- [--only=otp-path,rabbitmq,postgres,redis,http] [--rabbit-messages=100000]
 *     [--rabbit-window=1000] [--rabbit-bytes=300] [--pg-rows=1000000] [--redis-ops=1000000]
 *     [--redis-pipeline=1000] [--redis-concurrency=1] [--http-seconds=10] [--http-connections=50]
 *     [--otp-path-phones=200] [--otp-path-prefetch=100] [--otp-path-seconds=5] [--otp-path-start=250]
 *     [--otp-path-max=16000] [--otp-path-p50-limit=20] [--otp-path-p99-limit=200] [--otp-path-rate=<0.05 × saturation>]
 *     [--otp-path-moderate-seconds=10]
 * `otp-path` is the minimal OTP path (HTTP → RabbitMQ → Redis → Socket.IO → ack, no Zagel code;
 * see otp-path/measure.ts): its saturation rate is what `bench:otp` divides by.
 * Every flag can also be given as BENCH_<FLAG> (BENCH_PG_ROWS=200000). Connection URLs come
 * from DATABASE_URL, REDIS_URL and RABBITMQ_URL as for the services.
 */

const SECTIONS = ['otp-path', 'rabbitmq', 'postgres', 'redis', 'http'] as const;

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
    otpPath: otpPathOptions(process.env.RABBITMQ_URL || defaults.RABBITMQ_URL, process.env.REDIS_URL || defaults.REDIS_URL),
  };
}

/** autocannon measures whole milliseconds: a 0 means under one. */
const wholeMilliseconds = (value: number): Cell => (value === 0 ? '< 1' : String(value));

const ms = (value: number): Cell => value.toFixed(1);

function cpuRows(step: OtpPathStep): Cell[][] {
  return [
    ['otp-path', `at ${step.rate}/s: CPU per request, own processes`, step.cpuMsPerRequestOwn, 'ms'],
    ['otp-path', `at ${step.rate}/s: CPU per request, with RabbitMQ and Redis (shared)`, step.cpuMsPerRequestTotal, 'ms'],
    ...Object.entries(step.cpuMsPerRequest).map(([name, value]): Cell[] => ['otp-path', `  ${name}`, value, 'ms']),
  ];
}

function otpPathRows(path: OtpPathResult): Cell[][] {
  const { saturated, moderate } = path;
  return [
    ['otp-path', `saturation (to phone p50 ≤ ${path.p50LimitMs} ms, p99 ≤ ${path.p99LimitMs} ms; ${path.phones} phones)`, path.saturationPerSec, 'req/s'],
    ...(saturated
      ? [
          ['otp-path', `  at ${saturated.rate}/s: HTTP answer p50 / p99`, `${ms(saturated.httpLatencyMs.p50)} / ${ms(saturated.httpLatencyMs.p99)}`, 'ms'],
          ['otp-path', `  at ${saturated.rate}/s: phone received p50 / p99`, `${ms(saturated.toPhoneLatencyMs.p50)} / ${ms(saturated.toPhoneLatencyMs.p99)}`, 'ms'],
        ]
      : []),
    ['otp-path', `at ${moderate.rate}/s: HTTP answer p50 / p99`, `${ms(moderate.httpLatencyMs.p50)} / ${ms(moderate.httpLatencyMs.p99)}`, 'ms'],
    ['otp-path', `at ${moderate.rate}/s: phone received p50 / p99`, `${ms(moderate.toPhoneLatencyMs.p50)} / ${ms(moderate.toPhoneLatencyMs.p99)}`, 'ms'],
    ...cpuRows(moderate),
    ...(saturated ? cpuRows(saturated) : []),
  ];
}

function rowsOf(results: BaselineResults): Cell[][] {
  const rows: Cell[][] = [];
  const { rabbitmq, postgres, redis, http } = results;
  if (results['otp-path']) rows.push(...otpPathRows(results['otp-path']));
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
  const load = loadavg().map((value) => value.toFixed(2));
  console.log(`Baseline on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; load average ${load.join(' ')}\n`);

  // One section at a time, so each has the whole machine; HTTP first and PostgreSQL last,
  // because a million-row COPY leaves the server checkpointing for a while.
  const results: BaselineResults = {};
  const run = async <K extends keyof BaselineResults>(section: K, measure: (progress: (line: string) => void) => Promise<BaselineResults[K]>) => {
    if (!options.only.includes(section)) return;
    process.stdout.write(`measuring ${section}… `);
    const started = Date.now();
    let progressed = false;
    results[section] = await measure((line) => {
      process.stdout.write(`\n  ${line}`);
      progressed = true;
    });
    console.log(`${progressed ? '\n  done in ' : ''}${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  await run('http', () => measureHttp(options.http));
  await run('otp-path', (progress) => measureOtpPath(options.otpPath, progress));
  await run('redis', () => measureRedisPipeline(options.redis));
  await run('rabbitmq', () => measureRabbitMq(options.rabbitmq));
  await run('postgres', () => measurePostgresCopy(options.postgres));

  console.log('');
  printTable(['section', 'measure', 'value', 'unit'], rowsOf(results));

  const saved = saveBaseline(results, {
    ...options,
    rabbitmq: { ...options.rabbitmq, url: redact(options.rabbitmq.url) },
    postgres: { ...options.postgres, url: redact(options.postgres.url) },
    redis: { ...options.redis, url: redact(options.redis.url) },
    otpPath: { ...options.otpPath, amqpUrl: redact(options.otpPath.amqpUrl), redisUrl: redact(options.otpPath.redisUrl) },
  });
  console.log(`\nload average at the end ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  console.log(`written to ${saved}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
