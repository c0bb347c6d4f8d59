import { cpuUsedBetween, CpuReading, pidsNamed, readCpu } from './cpu-usage';
import { findPostgresBackends, PostgresProcesses } from './postgres-backends';
import { parsePrometheusText, Sample } from './prometheus-text';

/** The cost counters every service exposes on `/metrics`. */
export const COST_METRICS = {
  dbRoundTrips: 'zagel_db_round_trips_total',
  redisCommands: 'zagel_redis_commands_total',
  published: 'zagel_bus_published_total',
  consumed: 'zagel_bus_consumed_total',
  dropped: 'zagel_bus_dropped_total',
} as const;

const METRIC_NAMES = new Set<string>(Object.values(COST_METRICS));

/** A process whose CPU is measured; a service also has its counters scraped from `<url>/metrics`. */
export interface MeteredProcess {
  name: string;
  pid: number;
  url?: string;
}

export interface ServiceCounters {
  dbRoundTrips: number;
  redisCommands: number;
  /** Broker-confirmed publishes by message type. */
  published: Map<string, number>;
  /** Deliveries received by `queue type` (every settlement outcome). */
  consumed: Map<string, number>;
  /** Deliveries a handler ignored, by `queue type`. */
  dropped: Map<string, number>;
}

export interface CostReading {
  atMs: number;
  counters: Map<string, ServiceCounters>;
  cpu: CpuReading;
}

export interface ProcessCost {
  name: string;
  cpuSeconds: number;
  /** CPU of the PostgreSQL backends serving this process's connections. */
  postgresCpuSeconds?: number;
  /** A server process shared with whatever else runs on the machine: its CPU includes their work. */
  shared?: true;
  counters?: ServiceCounters;
}

export interface PlatformCosts {
  seconds: number;
  /** The metered processes, then PostgreSQL (these processes' backends, other work), RabbitMQ, Redis. */
  processes: ProcessCost[];
}

export type SharedServer = 'postgres' | 'rabbitmq' | 'redis';

const SHARED_SERVERS: { server: SharedServer; name: string; command: string }[] = [
  { server: 'rabbitmq', name: 'rabbitmq (shared)', command: 'beam.smp' },
  { server: 'redis', name: 'redis (shared)', command: 'redis-server' },
];

export interface CostMeterOptions {
  processes: readonly MeteredProcess[];
  /** The servers whose CPU counts too (default all three). */
  servers?: readonly SharedServer[];
  /** Where the services' PostgreSQL is; without it, PostgreSQL's CPU is not split by who its backends serve. */
  databaseUrl?: string;
}
export const POSTGRES_BACKENDS = 'postgres (these services’ connections)';
export const POSTGRES_OTHER = 'postgres (background, shared)';

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);

function countersOf(samples: readonly Sample[]): ServiceCounters {
  const counters: ServiceCounters = { dbRoundTrips: 0, redisCommands: 0, published: new Map(), consumed: new Map(), dropped: new Map() };
  const add = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);
  for (const { name, labels, value } of samples) {
    if (name === COST_METRICS.dbRoundTrips) counters.dbRoundTrips += value;
    else if (name === COST_METRICS.redisCommands) counters.redisCommands += value;
    else if (name === COST_METRICS.published) add(counters.published, labels.type ?? '', value);
    else if (name === COST_METRICS.consumed) add(counters.consumed, `${labels.queue ?? '?'} ${labels.type ?? ''}`, value);
    else if (name === COST_METRICS.dropped) add(counters.dropped, `${labels.queue ?? '?'} ${labels.type ?? ''}`, value);
  }
  return counters;
}

function difference(after: Map<string, number>, before: Map<string, number> | undefined): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [key, value] of after) {
    const change = value - (before?.get(key) ?? 0);
    if (change !== 0) delta.set(key, change);
  }
  return delta;
}

function countersBetween(before: ServiceCounters | undefined, after: ServiceCounters): ServiceCounters {
  return {
    dbRoundTrips: after.dbRoundTrips - (before?.dbRoundTrips ?? 0),
    redisCommands: after.redisCommands - (before?.redisCommands ?? 0),
    published: difference(after.published, before?.published),
    consumed: difference(after.consumed, before?.consumed),
    dropped: difference(after.dropped, before?.dropped),
  };
}

/** PostgreSQL's CPU: the backends serving the metered processes, and the rest of the server less other clients' backends. */
function postgresRows(after: CpuReading, used: (pids: Iterable<number>) => number, postgres: PostgresProcesses | undefined): ProcessCost[] {
  const all = pidsNamed('postgres').filter((pid) => after.has(pid));
  if (!postgres) return [{ name: 'postgres (all, shared)', cpuSeconds: used(all), shared: true }];
  const ours = new Set([...postgres.backendsOf.values()].flat());
  return [
    { name: POSTGRES_BACKENDS, cpuSeconds: used(ours) },
    { name: POSTGRES_OTHER, cpuSeconds: used(all.filter((pid) => !ours.has(pid) && !postgres.otherClients.has(pid))), shared: true },
  ];
}

/** CPU seconds of the processes that work only for what is measured (not the shared servers). */
export const ownCpuSeconds = (costs: PlatformCosts): number => sum(costs.processes.filter((process) => !process.shared).map((process) => process.cpuSeconds));

export const allCpuSeconds = (costs: PlatformCosts): number => sum(costs.processes.map((process) => process.cpuSeconds));

export const busTraffic = (counters: ServiceCounters): number => sum(counters.published.values()) + sum(counters.consumed.values());

/**
 * Reads what running services cost: their counters from `/metrics` and the CPU time of their
 * processes, of the PostgreSQL backends serving them, and of the shared RabbitMQ and Redis
 * servers (/proc). Two readings around a measured window give the window's cost.
 */
export class CostMeter {
  private readonly processes: readonly MeteredProcess[];
  private readonly servers: ReadonlySet<SharedServer>;
  private readonly databaseUrl?: string;

  constructor(options: CostMeterOptions) {
    this.processes = options.processes;
    this.servers = new Set(options.servers ?? ['postgres', 'rabbitmq', 'redis']);
    this.databaseUrl = options.databaseUrl;
  }

  private get sharedServers() {
    return SHARED_SERVERS.filter((server) => this.servers.has(server.server));
  }

  async read(): Promise<CostReading> {
    const scraped = await Promise.all(
      this.processes
        .filter((process) => process.url)
        .map(async (process): Promise<[string, ServiceCounters]> => [process.name, countersOf(await this.scrape(process.url as string))]),
    );
    const commands = this.sharedServers.map((server) => server.command);
    const serverPids = [...commands, ...(this.servers.has('postgres') ? ['postgres'] : [])].flatMap(pidsNamed);
    return { atMs: performance.now(), counters: new Map(scraped), cpu: readCpu([...this.processes.map((process) => process.pid), ...serverPids]) };
  }

  /** The cost of the window between two readings, PostgreSQL's CPU split by who its backends serve. */
  async between(before: CostReading, after: CostReading): Promise<PlatformCosts> {
    const postgres: PostgresProcesses | undefined =
      this.databaseUrl && this.servers.has('postgres')
        ? await findPostgresBackends(this.databaseUrl, this.processes.map((process) => process.pid))
        : undefined;
    const used = (pids: Iterable<number>) => cpuUsedBetween(before.cpu, after.cpu, pids);
    const processes: ProcessCost[] = this.processes.map((process) => {
      const counters = after.counters.get(process.name);
      const backends = postgres?.backendsOf.get(process.pid);
      return {
        name: process.name,
        cpuSeconds: used([process.pid]),
        ...(backends?.length ? { postgresCpuSeconds: used(backends) } : {}),
        ...(counters ? { counters: countersBetween(before.counters.get(process.name), counters) } : {}),
      };
    });
    if (this.servers.has('postgres')) processes.push(...postgresRows(after.cpu, used, postgres));
    for (const server of this.sharedServers) processes.push({ name: server.name, cpuSeconds: used(pidsNamed(server.command)), shared: true });
    return { seconds: (after.atMs - before.atMs) / 1_000, processes };
  }

  /**
   * Waits until the bus is quiet (no publish or delivery in any service for `quietMs`), so a window
   * ends after the work a request set off (status events, captures, records), not just its answer.
   */
  async settle(quietMs = 1_500, maxMs = 30_000): Promise<CostReading> {
    const deadline = performance.now() + maxMs;
    let reading = await this.read();
    let traffic = sum([...reading.counters.values()].map(busTraffic));
    let quietSince = performance.now();
    while (performance.now() - quietSince < quietMs && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      reading = await this.read();
      const now = sum([...reading.counters.values()].map(busTraffic));
      if (now !== traffic) [traffic, quietSince] = [now, performance.now()];
    }
    return reading;
  }

  private async scrape(url: string): Promise<Sample[]> {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`GET ${url}/metrics: ${response.status}`);
    return parsePrometheusText(await response.text(), METRIC_NAMES);
  }
}
