import type { ChildProcess } from 'node:child_process';
import { ProcessExit, SpawnSpec, signalProcess, spawnChild } from './child-processes';
import { forwardLines, OutputListener } from './process-output';
import { DEFAULT_RESTART_POLICY, RestartPolicy, restartDelayMs } from './restart-policy';

export type SupervisorEvent =
  | { type: 'started'; pid: number; restarts: number }
  /** The process ended on its own; `restartInMs` is absent when it will not be restarted. */
  | { type: 'exited'; exit: ProcessExit; uptimeMs: number; restartInMs?: number }
  | { type: 'spawn-failed'; error: Error; restartInMs?: number }
  | { type: 'stopped'; exit: ProcessExit | null; forced: boolean };

export type ProcessState = 'running' | 'restarting' | 'stopping' | 'stopped' | 'failed';

export interface ServiceProcessOptions extends SpawnSpec {
  /** Used in events and errors. */
  name: string;
  /** Restart after an unexpected exit (default policy) or not (`false`). */
  restart?: Partial<RestartPolicy> | false;
  /** SIGTERM first; SIGKILL when the process is still there after this. Default 10 s. */
  stopTimeoutMs?: number;
  onOutput?: OutputListener;
  onEvent?: (event: SupervisorEvent) => void;
}

export interface StopResult {
  /** null when no process was running (waiting for a restart, or already ended). */
  exit: ProcessExit | null;
  /** True when it had to be killed. */
  forced: boolean;
}

/** One child process kept running: restarted with backoff when it exits, stopped on request. */
export class SupervisedProcess {
  readonly name: string;
  private readonly policy: RestartPolicy | undefined;
  private child: ChildProcess | undefined;
  private currentState: ProcessState = 'running';
  private startedAt = 0;
  private consecutiveFailures = 0;
  private restartCount = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<StopResult> | undefined;
  private readonly done: Promise<void>;
  private markDone!: () => void;

  constructor(private readonly options: ServiceProcessOptions) {
    this.name = options.name;
    this.policy = options.restart === false ? undefined : { ...DEFAULT_RESTART_POLICY, ...options.restart };
    this.done = new Promise((resolve) => (this.markDone = resolve));
    this.spawn();
  }

  get state(): ProcessState {
    return this.currentState;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How many times the process was started again after exiting. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Resolves once the supervisor is finished: stopped, or given up after an exit. */
  whenDone(): Promise<void> {
    return this.done;
  }

  /** SIGTERM, then SIGKILL after `timeoutMs`; cancels a pending restart. Safe to call twice. */
  stop(timeoutMs = this.options.stopTimeoutMs ?? 10_000): Promise<StopResult> {
    this.stopping ??= this.terminate(timeoutMs);
    return this.stopping;
  }

  /** SIGKILL now (a second Ctrl-C); resolves like stop(). */
  kill(): Promise<StopResult> {
    const stopped = this.stop();
    if (this.child) signalProcess(this.child, 'SIGKILL');
    return stopped;
  }

  private spawn(): void {
    const child = spawnChild(this.options);
    this.child = child;
    this.startedAt = Date.now();
    let ended = false;
    const end = (handle: () => void) => {
      if (ended) return;
      ended = true;
      if (this.child === child) this.child = undefined;
      handle();
    };
    child.once('error', (error) => {
      if (child.pid === undefined) end(() => this.onSpawnFailed(error));
    });
    child.once('close', (code, signal) => end(() => this.onExit({ code, signal })));
    forwardLines(child.stdout, 'stdout', this.options.onOutput);
    forwardLines(child.stderr, 'stderr', this.options.onOutput);
    if (child.pid !== undefined) this.emit({ type: 'started', pid: child.pid, restarts: this.restartCount });
  }

  private onExit(exit: ProcessExit): void {
    if (this.currentState === 'stopping') return;
    const uptimeMs = Date.now() - this.startedAt;
    if (this.policy && uptimeMs >= this.policy.stableAfterMs) this.consecutiveFailures = 0;
    const restartInMs = this.scheduleRestart();
    this.emit({ type: 'exited', exit, uptimeMs, restartInMs });
  }

  private onSpawnFailed(error: Error): void {
    const restartInMs = this.scheduleRestart();
    this.emit({ type: 'spawn-failed', error, restartInMs });
  }

  private scheduleRestart(): number | undefined {
    if (!this.policy || this.consecutiveFailures >= this.policy.maxRestarts) {
      this.currentState = 'failed';
      this.markDone();
      return undefined;
    }
    const delay = restartDelayMs(this.consecutiveFailures, this.policy);
    this.consecutiveFailures += 1;
    this.currentState = 'restarting';
    this.restartTimer = setTimeout(() => {
      this.restartCount += 1;
      this.currentState = 'running';
      this.spawn();
    }, delay);
    return delay;
  }

  private async terminate(timeoutMs: number): Promise<StopResult> {
    clearTimeout(this.restartTimer);
    this.currentState = 'stopping';
    const child = this.child;
    let result: StopResult = { exit: null, forced: false };
    if (child) {
      const closed = new Promise<ProcessExit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
      signalProcess(child, 'SIGTERM');
      let forced = false;
      const killTimer = setTimeout(() => {
        forced = true;
        signalProcess(child, 'SIGKILL');
      }, timeoutMs);
      const exit = await closed;
      clearTimeout(killTimer);
      result = { exit, forced: forced || exit.signal === 'SIGKILL' };
    }
    this.currentState = 'stopped';
    this.emit({ type: 'stopped', ...result });
    this.markDone();
    return result;
  }

  private emit(event: SupervisorEvent): void {
    this.options.onEvent?.(event);
  }
}

/** Starts a child process under supervision (see SupervisedProcess). */
export function startServiceProcess(options: ServiceProcessOptions): SupervisedProcess {
  return new SupervisedProcess(options);
}

/** Stops them all in parallel, each with its own SIGTERM → SIGKILL deadline. */
export function stopAll(processes: readonly SupervisedProcess[], timeoutMs?: number): Promise<StopResult[]> {
  return Promise.all(processes.map((supervised) => supervised.stop(timeoutMs)));
}
