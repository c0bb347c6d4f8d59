import { cpuSeconds, pidsNamed, readCpu } from '../common';
import { findPostgresBackends } from '../common/postgres-backends';

type Backends = Map<string, number[]>;

/**
 * CPU seconds each of our services, the PostgreSQL backends serving each of them (other sessions on
 * a shared server left out) and RabbitMQ's Erlang VM use over a stretch of the bench.
 */
export class ServiceCpu {
  private constructor(
    private readonly services: Record<string, number>,
    private readonly databaseUrl: string,
    private readonly before: Map<number, number>,
    private readonly backendsBefore: Backends,
  ) {}

  static async start(services: Record<string, number>, databaseUrl: string): Promise<ServiceCpu> {
    const backends = await ServiceCpu.backends(services, databaseUrl);
    const before = readCpu([...Object.values(services), ...[...backends.values()].flat(), ...pidsNamed('beam.smp')]);
    return new ServiceCpu(services, databaseUrl, before, backends);
  }

  private static async backends(services: Record<string, number>, databaseUrl: string): Promise<Backends> {
    const { backendsOf } = await findPostgresBackends(databaseUrl, Object.values(services));
    return new Map(Object.entries(services).map(([name, pid]) => [name, backendsOf.get(pid) ?? []]));
  }

  /**
   * Seconds used since the start, by name (`postgres` in all, `postgres:<service>` for each);
   * a backend opened since counts whole, one closed since is lost.
   */
  async used(): Promise<Record<string, number>> {
    const since = (pids: Iterable<number>) => {
      let total = 0;
      for (const [pid, seconds] of readCpu(pids)) if (Number.isFinite(seconds)) total += seconds - (this.before.get(pid) ?? 0);
      return total;
    };
    const used: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.services)) used[name] = cpuSeconds(pid) - (this.before.get(pid) ?? 0);
    const now = await ServiceCpu.backends(this.services, this.databaseUrl);
    const perService: Record<string, number> = {};
    for (const name of Object.keys(this.services)) {
      perService[`postgres:${name}`] = since(new Set([...(this.backendsBefore.get(name) ?? []), ...(now.get(name) ?? [])]));
    }
    used.postgres = Object.values(perService).reduce((sum, seconds) => sum + seconds, 0);
    used.rabbitmq = since(pidsNamed('beam.smp'));
    return { ...used, ...perService };
  }
}
