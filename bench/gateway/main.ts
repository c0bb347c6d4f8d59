import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { TestPlatform } from '@zagel/testing';
import { measureHttp } from '../baseline/http';
import { BenchReport, Cell, COST_METRICS, cpuSeconds, machineInfo, numberOption, parsePrometheusText, printTable, readOption, readReport, writeReport } from '../common';

/**
 * The gateway's overhead on an authenticated no-op route, as a ratio of the bare Fastify figure:
 *   npm run bench:gateway -- [--seconds=10] [--connections=50] [--profile=dir]
 * api-gateway and auth run as processes in a fresh namespace (LOG_LEVEL=warn, limits out of reach);
 * `GET /v1/ping` is driven with an API key in `X-API-Key` (resolved through auth once, then
 * cached) and, for comparison, with a user's JWT (verified locally against the JWKS).
 * Compared with bare Fastify measured in this run just before (the same load on a shared machine), or with
 * bench/results/baseline.json (npm run bench:baseline) with `--bare-from-file`. The gateway's CPU per
 * request (its process's user + system time over the measured window) is printed too, and bare Fastify's
 * over it: the CPU ratio, which a neighbour's load on a shared machine moves far less than req/s; and the
 * Redis commands the gateway sent per request (its /metrics), which that load does not move at all.
 * `--profile=<dir>` writes the gateway's and auth's CPU profiles there (<instance>.cpuprofile).
 */

interface Measured {
  requestsPerSec: number;
  /** CPU the gateway process used per request (user + system), in microseconds: steadier than req/s on a shared machine. */
  gatewayCpuMicrosPerRequest?: number;
  /** Redis commands the gateway sent per request (a script call is one): a count no neighbour's load moves. */
  redisCommandsPerRequest?: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  requests: number;
  non2xx: number;
  errors: number;
}

interface GatewayResults {
  apiKey: Measured;
  jwt: Measured;
  baseline?: { requestsPerSec: number; latencyMs: { p50: number; p99: number }; cpuMicrosPerRequest?: number };
  /** gateway ÷ bare Fastify: throughput (higher is better) and p99 (lower is better). */
  ratios?: { apiKey: GatewayRatios; jwt: GatewayRatios };
}

/**
 * gateway ÷ bare Fastify. `cpu` is bare Fastify's CPU per request over the gateway's: the throughput ratio
 * the machine's cores allow, which a neighbour's load moves far less than the measured req/s.
 */
interface GatewayRatios {
  requestsPerSec: number;
  p99: number | null;
  cpu?: number;
}

const HIGH_LIMIT = String(1_000_000_000);

/** The gateway's Redis commands so far, from its /metrics. */
async function redisCommands(metricsUrl: string): Promise<number> {
  const samples = parsePrometheusText(await (await fetch(metricsUrl)).text(), new Set([COST_METRICS.redisCommands]));
  return samples.reduce((total, sample) => total + sample.value, 0);
}

async function drive(url: string, headers: Record<string, string>, seconds: number, connections: number, pid?: number): Promise<Measured> {
  await autocannon({ url, headers, connections, duration: 2 }); // warm-up: JIT, key cache, Redis connections
  const metricsUrl = `${new URL(url).origin}/metrics`;
  const redisBefore = await redisCommands(metricsUrl);
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({ url, headers, connections, duration: seconds });
  const cpuMicros = (cpuSeconds(pid) - cpuBefore) * 1e6;
  const redisSent = (await redisCommands(metricsUrl)) - redisBefore;
  return {
    requestsPerSec: result.requests.average,
    ...(Number.isFinite(cpuMicros) && result.requests.total > 0 && { gatewayCpuMicrosPerRequest: Math.round(cpuMicros / result.requests.total) }),
    ...(result.requests.total > 0 && { redisCommandsPerRequest: Math.round((redisSent / result.requests.total) * 1000) / 1000 }),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** autocannon measures whole milliseconds: a 0 means under one. */
const wholeMilliseconds = (value: number): Cell => (value === 0 ? '< 1' : String(value));
/** A p99 ratio needs a non-zero denominator; the bare figure is often under one whole millisecond. */
const p99Ratio = (gateway: number, bare: number): number | null => (bare > 0 ? gateway / bare : null);
const round = (value: number) => Math.round(value * 1000) / 1000;

async function main(): Promise<void> {
  const options = {
    seconds: numberOption('seconds', 10),
    connections: numberOption('connections', 50),
    bareFromFile: process.argv.includes('--bare-from-file'),
  };
  const machine = machineInfo();
  console.log(`Gateway overhead on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);

  const profileDirectory = readOption('profile');
  if (profileDirectory) mkdirSync(profileDirectory, { recursive: true });
  const profiling: Record<string, string> = profileDirectory
    ? { NODE_OPTIONS: `--require ${join(__dirname, '..', 'otp', 'profile-preload.js')}`, BENCH_PROFILE_DIR: resolve(profileDirectory) }
    : {};
  const edge = new TestPlatform({
    services: ['api-gateway', 'auth'],
    settings: {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_KEY_PER_MINUTE: HIGH_LIMIT,
      RATE_LIMIT_PER_ORG_PER_MINUTE: HIGH_LIMIT,
      RATE_LIMIT_PER_IP_PER_MINUTE: HIGH_LIMIT,
      ...profiling,
    },
  });
  let results: GatewayResults;
  let bare: { requestsPerSec: number; latencyMs: { p50: number; p99: number }; cpuMicrosPerRequest?: number } | undefined;
  if (options.bareFromFile) {
    bare = readReport<{ http?: { requestsPerSec: number; latencyMs: { p50: number; p99: number } } }>('baseline')?.results.http;
  } else {
    process.stdout.write(`bare Fastify in this run, ${options.connections} connections, ${options.seconds} s… `);
    bare = await measureHttp({ seconds: options.seconds, connections: options.connections });
    console.log('done');
  }
  try {
    await edge.start();
    const pid = edge.instance('api-gateway').pid;
    const gateway = edge.url('api-gateway');
    const customer = await edge.customer({ label: 'gateway-bench', credit: 0, scopes: ['verify'] });
    const accessToken = customer.accessToken;
    const apiKey = { key: customer.apiKey };

    const url = `${gateway}/v1/ping`;
    process.stdout.write(`GET /v1/ping with X-API-Key, ${options.connections} connections, ${options.seconds} s… `);
    const withKey = await drive(url, { 'x-api-key': apiKey.key }, options.seconds, options.connections, pid);
    console.log('done');
    process.stdout.write(`GET /v1/ping with a JWT, ${options.connections} connections, ${options.seconds} s… `);
    const withJwt = await drive(url, { authorization: `Bearer ${accessToken}` }, options.seconds, options.connections, pid);
    console.log('done\n');
    results = { apiKey: withKey, jwt: withJwt };
  } finally {
    await edge.stop();
  }

  if (bare) {
    results.baseline = { requestsPerSec: bare.requestsPerSec, latencyMs: { p50: bare.latencyMs.p50, p99: bare.latencyMs.p99 }, cpuMicrosPerRequest: bare.cpuMicrosPerRequest };
    const bareCpu = bare.cpuMicrosPerRequest;
    const ratiosOf = (measured: Measured): GatewayRatios => ({
      requestsPerSec: round(measured.requestsPerSec / bare.requestsPerSec),
      ...(bareCpu && measured.gatewayCpuMicrosPerRequest && { cpu: round(bareCpu / measured.gatewayCpuMicrosPerRequest) }),
      p99: (() => {
        const ratio = p99Ratio(measured.latencyMs.p99, bare.latencyMs.p99);
        return ratio === null ? null : round(ratio);
      })(),
    });
    results.ratios = { apiKey: ratiosOf(results.apiKey), jwt: ratiosOf(results.jwt) };
  }

  const rows: Cell[][] = [
    [
      options.bareFromFile ? 'bare Fastify (baseline.json)' : 'bare Fastify (this run)',
      bare?.requestsPerSec ?? 'n/a',
      bare ? wholeMilliseconds(bare.latencyMs.p50) : 'n/a',
      bare ? wholeMilliseconds(bare.latencyMs.p99) : 'n/a',
      '1',
      '1',
      bare?.cpuMicrosPerRequest ?? 'n/a',
      '1',
      '0',
      '',
    ],
    ...(['apiKey', 'jwt'] as const).map((kind): Cell[] => {
      const measured = results[kind];
      const ratio = results.ratios?.[kind];
      return [
        kind === 'apiKey' ? 'gateway, X-API-Key' : 'gateway, Bearer JWT',
        measured.requestsPerSec,
        wholeMilliseconds(measured.latencyMs.p50),
        wholeMilliseconds(measured.latencyMs.p99),
        ratio ? ratio.requestsPerSec.toFixed(3) : 'n/a',
        ratio?.p99 != null ? ratio.p99.toFixed(1) : 'n/a',
        measured.gatewayCpuMicrosPerRequest ?? 'n/a',
        ratio?.cpu !== undefined ? ratio.cpu.toFixed(3) : 'n/a',
        measured.redisCommandsPerRequest ?? 'n/a',
        measured.non2xx + measured.errors > 0 ? `${measured.non2xx} non-2xx, ${measured.errors} errors` : '',
      ];
    }),
  ];
  printTable(['GET /v1/ping', 'req/s', 'p50 ms', 'p99 ms', 'req/s ratio', 'p99 ratio', 'CPU µs/req', 'CPU ratio', 'Redis cmds/req', 'failures'], rows);
  if (!bare) console.log('\nno bench/results/baseline.json http section: run npm run bench:baseline -- --only=http for the ratios');

  const report: BenchReport = { bench: 'gateway', date: new Date().toISOString(), machine, options, results: { ...results } };
  console.log(`\nwritten to ${writeReport(report)}`);
  const failed = results.apiKey.non2xx + results.apiKey.errors;
  if (failed > 0) throw new Error(`${failed} of ${results.apiKey.requests} API-key requests failed: the figures above are not a clean run`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
