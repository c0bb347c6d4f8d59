import { ChildProcess, spawn } from 'node:child_process';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnSpec {
  /** Default: this Node.js binary. */
  command?: string;
  args: readonly string[];
  cwd?: string;
  /** The child's whole environment. Default: this process's. */
  env?: NodeJS.ProcessEnv;
  /**
   * Default true. In a process group of its own the child does not get the terminal's Ctrl-C
   * directly, only the SIGTERM its supervisor sends: a Nest app that received both would take the
   * second signal as "die now" in the middle of its graceful shutdown.
   */
  newProcessGroup?: boolean;
}

const live = new Set<ChildProcess>();

// Children in their own process group outlive a parent that dies without stopping them.
function stopLiveChildrenOnExit(): void {
  for (const child of live) signalProcess(child, 'SIGTERM');
}

export function spawnChild(spec: SpawnSpec): ChildProcess {
  const child = spawn(spec.command ?? process.execPath, [...spec.args], {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: spec.newProcessGroup ?? true,
  });
  if (child.pid !== undefined) {
    if (live.size === 0) process.once('exit', stopLiveChildrenOnExit);
    live.add(child);
    child.once('close', () => {
      live.delete(child);
      if (live.size === 0) process.removeListener('exit', stopLiveChildrenOnExit);
    });
  }
  return child;
}

/** Signals the child's whole process group when it leads one, else the child alone. */
export function signalProcess(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}
