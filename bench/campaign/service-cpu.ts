import { cpuSeconds, pidsNamed, readCpu } from '../common';

/** System processes counted as one (every PostgreSQL backend; RabbitMQ's Erlang VM). */
const SHARED: Record<string, string> = { postgres: 'postgres', rabbitmq: 'beam.smp' };

/** CPU seconds each of our services and the shared servers use over a stretch of the bench. */
export class ServiceCpu {
  private readonly ours = new Map<string, number>();
  private readonly shared = new Map<string, Map<number, number>>();

  constructor(private readonly services: Record<string, number>) {
    for (const [name, pid] of Object.entries(services)) this.ours.set(name, cpuSeconds(pid));
    for (const [name, command] of Object.entries(SHARED)) this.shared.set(name, readCpu(pidsNamed(command)));
  }

  /** Seconds used since construction, by name; a shared server's processes started since count whole. */
  used(): Record<string, number> {
    const used: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.services)) used[name] = cpuSeconds(pid) - (this.ours.get(name) ?? 0);
    for (const [name, command] of Object.entries(SHARED)) {
      const before = this.shared.get(name)!;
      let total = 0;
      for (const [pid, seconds] of readCpu(pidsNamed(command))) if (Number.isFinite(seconds)) total += seconds - (before.get(pid) ?? 0);
      used[name] = total;
    }
    return used;
  }
}
