import autocannon from 'autocannon';
import { TestPlatform } from '@zagel/testing';
import { BenchReport, Cell, machineInfo, numberOption, printTable, readReport, writeReport } from '../common';

/**
 * The gateway's overhead on an authenticated no-op route, as a ratio of the bare Fastify figure:
 *   npm run bench:gateway -- [--seconds=10] [--connections=50]
 * api-gateway and auth run as processes in a fresh namespace (LOG_LEVEL=warn, limits out of reach);
 * `GET /v1/ping` is driven with an API key in `X-API-Key` (resolved through auth once, then
 * cached) and, for comparison, with a user's JWT (verified locally against the JWKS).
 * Compared with bench/results/baseline.json (npm run bench:baseline).
 */

interface Measured {
  requestsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  requests: number;
  non2xx: number;
  errors: number;
}

interface GatewayResults {
  apiKey: Measured;
  jwt: Measured;
  baseline?: { requestsPerSec: number; latencyMs: { p50: number; p99: number } };
  /** gateway ÷ bare Fastify: throughput (higher is better) and p99 (lower is better). */
  ratios?: { apiKey: { requestsPerSec: number; p99: number | null }; jwt: { requestsPerSec: number; p99: number | null } };
}

const HIGH_LIMIT = String(1_000_000_000);

async function drive(url: string, headers: Record<string, string>, seconds: number, connections: number): Promise<Measured> {
  await autocannon({ url, headers, connections, duration: 2 }); // warm-up: JIT, key cache, Redis connections
  const result = await autocannon({ url, headers, connections, duration: seconds });
  return {
    requestsPerSec: result.requests.average,
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
  const options = { seconds: numberOption('seconds', 10), connections: numberOption('connections', 50) };
  const machine = machineInfo();
  console.log(`Gateway overhead on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);

  const edge = new TestPlatform({
    services: ['api-gateway', 'auth'],
    settings: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_KEY_PER_MINUTE: HIGH_LIMIT, RATE_LIMIT_PER_ORG_PER_MINUTE: HIGH_LIMIT, RATE_LIMIT_PER_IP_PER_MINUTE: HIGH_LIMIT },
  });
  let results: GatewayResults;
  try {
    await edge.start();
    const gateway = edge.url('api-gateway');
    const customer = await edge.customer({ label: 'gateway-bench', credit: 0, scopes: ['verify'] });
    const accessToken = customer.accessToken;
    const apiKey = { key: customer.apiKey };

    const url = `${gateway}/v1/ping`;
    process.stdout.write(`GET /v1/ping with X-API-Key, ${options.connections} connections, ${options.seconds} s… `);
    const withKey = await drive(url, { 'x-api-key': apiKey.key }, options.seconds, options.connections);
    console.log('done');
    process.stdout.write(`GET /v1/ping with a JWT, ${options.connections} connections, ${options.seconds} s… `);
    const withJwt = await drive(url, { authorization: `Bearer ${accessToken}` }, options.seconds, options.connections);
    console.log('done\n');
    results = { apiKey: withKey, jwt: withJwt };
  } finally {
    await edge.stop();
  }

  const bare = readReport<{ http?: { requestsPerSec: number; latencyMs: { p50: number; p99: number } } }>('baseline')?.results.http;
  if (bare) {
    results.baseline = { requestsPerSec: bare.requestsPerSec, latencyMs: { p50: bare.latencyMs.p50, p99: bare.latencyMs.p99 } };
    const ratiosOf = (measured: Measured) => ({
      requestsPerSec: round(measured.requestsPerSec / bare.requestsPerSec),
      p99: (() => {
        const ratio = p99Ratio(measured.latencyMs.p99, bare.latencyMs.p99);
        return ratio === null ? null : round(ratio);
      })(),
    });
    results.ratios = { apiKey: ratiosOf(results.apiKey), jwt: ratiosOf(results.jwt) };
  }

  const rows: Cell[][] = [
    ['bare Fastify (baseline)', bare?.requestsPerSec ?? 'n/a', bare ? wholeMilliseconds(bare.latencyMs.p50) : 'n/a', bare ? wholeMilliseconds(bare.latencyMs.p99) : 'n/a', '1', '1', ''],
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
        measured.non2xx + measured.errors > 0 ? `${measured.non2xx} non-2xx, ${measured.errors} errors` : '',
      ];
    }),
  ];
  printTable(['GET /v1/ping', 'req/s', 'p50 ms', 'p99 ms', 'req/s ratio', 'p99 ratio', 'failures'], rows);
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
