import { allCpuSeconds, ownCpuSeconds, PlatformCosts, ProcessCost, ServiceCounters } from './platform-costs';
import { Cell, printTable } from './table';

const total = (map: Map<string, number> | undefined) => [...(map?.values() ?? [])].reduce((sum, value) => sum + value, 0);
const fixed = (value: number | undefined, digits = 2): Cell => (value === undefined || !Number.isFinite(value) ? '' : value.toFixed(digits));

/** What each process cost per `unit` (e.g. per verification: `per` = verifications in the window). */
export function costRows(costs: PlatformCosts, per: number): Cell[][] {
  const each = (value: number | undefined) => (value === undefined ? undefined : value / per);
  const row = (name: string, cpuSeconds: number, postgresCpuSeconds: number | undefined, counters: ServiceCounters | undefined): Cell[] => [
    name,
    fixed(each(cpuSeconds * 1_000)),
    fixed(cpuSeconds / costs.seconds),
    fixed(each(postgresCpuSeconds === undefined ? undefined : postgresCpuSeconds * 1_000)),
    fixed(each(counters?.dbRoundTrips)),
    fixed(each(counters?.redisCommands)),
    fixed(each(counters && total(counters.published))),
    fixed(each(counters && total(counters.consumed))),
    fixed(each(counters && total(counters.dropped))),
  ];
  const rows = costs.processes.map((process: ProcessCost) => row(process.name, process.cpuSeconds, process.postgresCpuSeconds, process.counters));
  const metered = costs.processes.filter((process) => process.counters);
  const totalOf = (pick: (counters: ServiceCounters) => number) => metered.reduce((sum, process) => sum + pick(process.counters as ServiceCounters), 0);
  const totals: ServiceCounters = {
    dbRoundTrips: totalOf((counters) => counters.dbRoundTrips),
    redisCommands: totalOf((counters) => counters.redisCommands),
    published: new Map([['', totalOf((counters) => total(counters.published))]]),
    consumed: new Map([['', totalOf((counters) => total(counters.consumed))]]),
    dropped: new Map([['', totalOf((counters) => total(counters.dropped))]]),
  };
  rows.push(row('total, own processes', ownCpuSeconds(costs), undefined, totals));
  rows.push(row('total, with the shared servers', allCpuSeconds(costs), undefined, totals));
  return rows;
}

export const COST_HEADERS = (unit: string): string[] => [
  'process',
  `CPU ms/${unit}`,
  'cores busy',
  `its PG backends CPU ms/${unit}`,
  `PG round trips/${unit}`,
  `Redis commands/${unit}`,
  `bus published/${unit}`,
  `bus deliveries/${unit}`,
  `bus dropped/${unit}`,
];

export function printCostTable(costs: PlatformCosts, per: number, unit: string): void {
  printTable(COST_HEADERS(unit), costRows(costs, per));
}

/** Bus traffic by message type (published) and by queue and type (delivered, dropped), per `unit`. */
export function printBusTable(costs: PlatformCosts, per: number, unit: string): void {
  const rows: Cell[][] = [];
  for (const process of costs.processes) {
    const counters = process.counters;
    if (!counters) continue;
    for (const [type, count] of counters.published) rows.push([process.name, 'publishes', type, fixed(count / per)]);
    for (const [queueType, count] of counters.consumed) {
      const dropped = counters.dropped.get(queueType);
      rows.push([process.name, 'receives', queueType, fixed(count / per), fixed(dropped === undefined ? undefined : dropped / per)]);
    }
  }
  printTable(['service', '', 'type (queue type for deliveries)', `per ${unit}`, `dropped per ${unit}`], rows);
}
