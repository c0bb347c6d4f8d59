import { existsSync } from 'node:fs';
import { ServiceName } from '@zagel/config';
import { describeExit, startServiceProcess, StopResult, SupervisedProcess, waitForReady } from '@zagel/process-supervisor';
import { QUEUE_LEDGER_PRELOAD } from './queue-ledger';
import { REPOSITORY_ROOT, serviceEntry } from './repository-root';

const KEPT_OUTPUT_LINES = 5_000;
const STOP_TIMEOUT_MS = 10_000;

export interface ServiceInstanceSpec {
  service: ServiceName;
  port: number;
  /** The whole environment but PORT and INSTANCE_ID. */
  env: Record<string, string | undefined>;
  readyTimeoutMs: number;
}

/**
 * One process of a service, started the way the launcher starts it (the compiled entry point under
 * the process supervisor, its settings in the environment) on a port of its own. It can be stopped,
 * killed and started again on the same port, each start with a new INSTANCE_ID as a real restart has.
 */
export class ServiceInstance {
  readonly service: ServiceName;
  readonly port: number;
  readonly url: string;
  /** The last lines it printed (stdout and stderr), across restarts. */
  readonly output: string[] = [];
  /** How each process that ended without being stopped or killed by the test ended, e.g. `code 1`. */
  readonly crashes: string[] = [];
  private process?: SupervisedProcess;
  private starts = 0;
  private currentInstanceId = '';

  constructor(private readonly spec: ServiceInstanceSpec) {
    this.service = spec.service;
    this.port = spec.port;
    this.url = `http://127.0.0.1:${spec.port}`;
  }

  /** The INSTANCE_ID of the running (or last) process: its per-instance queue is named after it. */
  get instanceId(): string {
    return this.currentInstanceId;
  }

  get running(): boolean {
    return this.process?.state === 'running';
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Starts the process (again) and waits until `/health/ready` answers 200. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.service} on port ${this.port} is already running`);
    if (!existsSync(serviceEntry(this.service))) throw new Error(`${this.service} is not built: run npm run build`);
    this.starts += 1;
    this.currentInstanceId = this.starts === 1 ? `${this.service}-${this.port}` : `${this.service}-${this.port}-r${this.starts - 1}`;
    this.process = startServiceProcess({
      name: this.service,
      args: ['-r', QUEUE_LEDGER_PRELOAD, serviceEntry(this.service)],
      cwd: REPOSITORY_ROOT,
      env: { ...this.spec.env, PORT: String(this.port), INSTANCE_ID: this.currentInstanceId },
      restart: false,
      stopTimeoutMs: STOP_TIMEOUT_MS,
      onOutput: (line) => this.keep(line),
      onEvent: (event) => {
        if (event.type === 'exited') this.crashes.push(`${this.currentInstanceId} exited with ${describeExit(event.exit)}`);
      },
    });
    const startup = new AbortController();
    let ended = false;
    void this.process.whenDone().then(() => {
      ended = true;
      startup.abort();
    });
    try {
      await waitForReady(`${this.url}/health/ready`, { timeoutMs: this.spec.readyTimeoutMs, intervalMs: 100, signal: startup.signal });
    } catch (error) {
      const why = ended ? `${this.service} exited while starting` : error instanceof Error ? error.message : String(error);
      throw new Error(`${why}\n--- ${this.service} said:\n${this.output.slice(-20).join('\n')}`);
    }
  }

  /** SIGTERM: the graceful shutdown a deployment gives it (SIGKILL if it hangs). */
  stop(): Promise<StopResult> {
    return this.process?.stop(STOP_TIMEOUT_MS) ?? Promise.resolve({ exit: null, forced: false });
  }

  /** SIGKILL: a crash, no shutdown hooks. */
  kill(): Promise<StopResult> {
    return this.process?.kill() ?? Promise.resolve({ exit: null, forced: false });
  }

  async restart(how: 'stop' | 'kill' = 'stop'): Promise<void> {
    await (how === 'kill' ? this.kill() : this.stop());
    await this.start();
  }

  private keep(line: string): void {
    this.output.push(line);
    if (this.output.length > KEPT_OUTPUT_LINES) this.output.splice(0, this.output.length - KEPT_OUTPUT_LINES);
  }
}
