import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { freePort } from '../free-port';
import { until } from '../waiting/until';

/** Whether this machine has a `redis-server` to start (a shared Redis must never be restarted by a test). */
export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * A Redis server of this run's own, on a free port, persisted as production runs it: an append-only
 * file written before each reply (`appendonly yes`, `appendfsync everysec`), so a process crash
 * (SIGKILL) loses no acknowledged write; only a machine crash could lose the last second.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  private readonly directory = mkdtempSync(join(tmpdir(), 'zagel-chaos-redis-'));

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.launch();
    return redis;
  }

  /** SIGKILL, then the same server started again on the same port and files; resolves once it answers. */
  async crashAndRestart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.directory, { recursive: true, force: true });
  }

  private async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  private async launch(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.directory, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    this.child = child;
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server on port ${this.port} exited with code ${child.exitCode}`);
        const client = createClient({ url: this.url, socket: { reconnectStrategy: false, connectTimeout: 500 } });
        client.on('error', () => undefined);
        try {
          await client.connect();
          // Loading the append-only file answers LOADING until done.
          return (await client.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          if (client.isOpen) await client.quit().catch(() => undefined);
        }
      },
      { what: `redis-server on port ${this.port} to answer`, deadline: 30_000, interval: 50 },
    );
  }
}
