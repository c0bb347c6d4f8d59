import { readdirSync, readFileSync } from 'node:fs';

/** User + system CPU seconds a process has used so far (Linux /proc); NaN once it is gone. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Pids of the processes whose command name is `name` (e.g. `postgres`, `beam.smp`, `redis-server`). */
export function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** CPU seconds of each process (by pid) at one moment, to subtract from a later reading. */
export type CpuReading = Map<number, number>;

export function readCpu(pids: Iterable<number>): CpuReading {
  return new Map([...new Set(pids)].map((pid) => [pid, cpuSeconds(pid)]));
}

/**
 * CPU seconds `pids` used together between two readings. A process the earlier reading did not
 * list started in between (a new database connection): all its CPU counts. One gone by the later
 * reading is left out.
 */
export function cpuUsedBetween(before: CpuReading, after: CpuReading, pids: Iterable<number>): number {
  let total = 0;
  for (const pid of new Set(pids)) {
    const later = after.get(pid);
    const earlier = before.has(pid) ? before.get(pid) : 0;
    if (later !== undefined && earlier !== undefined && Number.isFinite(later) && Number.isFinite(earlier)) total += later - earlier;
  }
  return total;
}
