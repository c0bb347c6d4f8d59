import { cpus } from 'node:os';
import { allCpuSeconds, Cell, LatencySummary, ownCpuSeconds, PlatformCosts, printTable, ServiceCounters } from '../common';
import { describeReference, MinimalPathReference } from './minimal-path-reference';

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);

export interface OtpFigures {
  /** The command line that produced the values. */
  command: string;
  verifications: number;
  answeredPerSec: number;
  receivedPerSec: number;
  http: LatencySummary;
  toPhone: LatencySummary;
  costs: PlatformCosts;
}

/**
 * The bench's figures in STYLE.md's shape: figure, value, bare limit (the minimal OTP path on this
 * machine), ratio, and where the bare limit comes from. Costs are per verification, over the whole
 * window (until the bus went quiet). "Own processes" are the services, the bench and the PostgreSQL
 * backends serving the services; the shared servers (RabbitMQ, Redis, PostgreSQL's background) also
 * work for whatever else runs on the machine.
 */
export function printOtpFigures(figures: OtpFigures, reference: MinimalPathReference): void {
  const path = reference.result;
  const per = figures.verifications;
  const counters = figures.costs.processes.flatMap((process) => (process.counters ? [process.counters] : []));
  const counted = (pick: (counters: ServiceCounters) => number) => sum(counters.map(pick)) / per;
  const ownCpuMs = (ownCpuSeconds(figures.costs) * 1_000) / per;
  const allCpuMs = (allCpuSeconds(figures.costs) * 1_000) / per;
  // CPU per request, unlike a rate, hardly moves with what else the machine runs: the capacity it
  // implies is the steadier comparison on a shared machine. The bare one is taken where the minimal
  // path was busiest (less idle overhead per request).
  const cores = cpus().length;
  const bareCpu = path?.saturated ?? path?.moderate;
  const bareCpuFrom = bareCpu ? `minimal path at ${bareCpu.rate}/s` : '';
  const saturation = path ? `minimal path, saturated (${path.phones} phones)` : '';
  const moderate = path ? `minimal path at ${path.moderate.rate}/s` : '';
  const rows: [string, number, number | undefined, string][] = [
    ['OTP starts answered per s', figures.answeredPerSec, path?.saturationPerSec, saturation],
    ['OTP codes received by a phone per s', figures.receivedPerSec, path?.saturationPerSec, saturation],
    ['HTTP answer p50 ms', figures.http.p50, path?.moderate.httpLatencyMs.p50, moderate],
    ['HTTP answer p99 ms', figures.http.p99, path?.moderate.httpLatencyMs.p99, moderate],
    ['phone received p50 ms', figures.toPhone.p50, path?.moderate.toPhoneLatencyMs.p50, moderate],
    ['phone received p99 ms', figures.toPhone.p99, path?.moderate.toPhoneLatencyMs.p99, moderate],
    ['verifications/s the cores allow at that CPU cost (own processes)', (cores * 1_000) / ownCpuMs, bareCpu && (cores * 1_000) / bareCpu.cpuMsPerRequestOwn, bareCpuFrom],
    ['CPU ms per verification, own processes', ownCpuMs, path?.moderate.cpuMsPerRequestOwn, moderate],
    ['CPU ms per verification, with the shared servers', allCpuMs, path?.moderate.cpuMsPerRequestTotal, moderate],
    ['PostgreSQL round trips per verification', counted((service) => service.dbRoundTrips), 0, 'minimal path: none'],
    ['Redis commands per verification', counted((service) => service.redisCommands), 1, 'minimal path: one SET'],
    ['bus publishes per verification', counted((service) => sum(service.published.values())), 1, 'minimal path: one'],
    ['bus deliveries per verification', counted((service) => sum(service.consumed.values())), 1, 'minimal path: one'],
    ['bus deliveries dropped per verification', counted((service) => sum(service.dropped.values())), 0, 'none'],
  ];
  const cell = (value: number | undefined): Cell => (value === undefined || !Number.isFinite(value) ? '' : Number(value.toFixed(2)));
  const ratio = (value: number, bare: number | undefined): Cell => (bare ? `${(value / bare).toFixed(2)}×` : '');
  console.log(`values: ${figures.command}`);
  printTable(
    ['figure', 'value', 'bare limit', 'ratio', 'bare limit from'],
    rows.map(([figure, value, bare, from]) => [figure, cell(value), cell(bare), ratio(value, bare), path ? from : '']),
  );
  console.log(describeReference(reference));
}

/** The per-verification costs as plain JSON for bench/results/otp.json. */
export function costsForReport(costs: PlatformCosts, per: number): Record<string, unknown> {
  const each = (value: number) => Math.round((value / per) * 1_000) / 1_000;
  const perKey = (map: Map<string, number>) => Object.fromEntries([...map].map(([key, value]) => [key, each(value)]));
  return {
    seconds: costs.seconds,
    perVerification: costs.processes.map((process) => ({
      process: process.name,
      cpuMs: each(process.cpuSeconds * 1_000),
      ...(process.postgresCpuSeconds !== undefined ? { postgresBackendsCpuMs: each(process.postgresCpuSeconds * 1_000) } : {}),
      ...(process.counters
        ? {
            dbRoundTrips: each(process.counters.dbRoundTrips),
            redisCommands: each(process.counters.redisCommands),
            published: perKey(process.counters.published),
            consumed: perKey(process.counters.consumed),
            dropped: perKey(process.counters.dropped),
          }
        : {}),
    })),
  };
}
