import { readFileSync } from 'node:fs';

/** Resident memory of a process in MiB (Linux /proc), or undefined once it is gone. */
export function residentMiB(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples processes' resident memory every `everyMs` and keeps each one's peak. */
export class PeakMemory {
  private readonly peaks = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly processes: Record<string, number>) {}

  start(everyMs = 50): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    return this;
  }

  stop(): Record<string, number> {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries(this.peaks);
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.processes)) {
      const now = residentMiB(pid);
      if (now !== undefined) this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, now));
    }
  }
}
