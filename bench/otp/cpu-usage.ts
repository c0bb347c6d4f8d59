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

/** A reading of every process of each named group, to subtract from a later one. */
export type CpuReading = Map<string, Map<number, number>>;

export function readCpu(groups: ReadonlyMap<string, readonly number[]>): CpuReading {
  return new Map([...groups].map(([name, pids]) => [name, new Map(pids.map((pid) => [pid, cpuSeconds(pid)]))]));
}

/** CPU seconds each group used between two readings, over the processes alive at both. */
export function cpuUsedBetween(before: CpuReading, after: CpuReading): Map<string, number> {
  return new Map(
    [...before].map(([name, pids]) => {
      let total = 0;
      for (const [pid, seconds] of pids) {
        const later = after.get(name)?.get(pid);
        if (later !== undefined && Number.isFinite(later) && Number.isFinite(seconds)) total += later - seconds;
      }
      return [name, total];
    }),
  );
}
