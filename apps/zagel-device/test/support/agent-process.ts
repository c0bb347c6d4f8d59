import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { until } from '@zagel/testing';

/** The compiled agent, as `npx zagel-device` runs it (`npm run build`, like the services the platform starts). */
const MAIN = join(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'zagel-device', 'src', 'main.js');

function agentArgs(...args: string[]): string[] {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  return [MAIN, ...args];
}

export interface AgentEvent {
  at: string;
  event: string;
  [key: string]: unknown;
}

/** `zagel-device <args>` to completion (register, status): exit status and output. */
export function runAgentCommand(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, agentArgs(...args), { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** `zagel-device run` as a child process (from the TypeScript sources), its JSON-lines log collected. */
export class AgentProcess {
  readonly events: AgentEvent[] = [];
  stderr = '';
  exitCode?: number | null;
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(
    private readonly configPath: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): this {
    // A process group of its own, so a kill also ends the stand-in tools it is running at that moment.
    const child = spawn(process.execPath, agentArgs('run', '--config', this.configPath), {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    let pending = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') this.events.push(JSON.parse(line) as AgentEvent);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        resolve();
      }),
    );
    return this;
  }

  named(event: string): AgentEvent[] {
    return this.events.filter((entry) => entry.event === event);
  }

  /** The first logged `event` that `matches`, waiting for it. */
  waitFor(event: string, matches: (entry: AgentEvent) => boolean = () => true, deadline = 60_000): Promise<AgentEvent> {
    return until(() => this.named(event).find(matches), { what: `the agent to log ${event} (stderr: ${this.stderr.slice(-500)})`, deadline, interval: 50 });
  }

  /** SIGKILL to the agent and the tools it started: no chance to write or report anything more. */
  async kill(): Promise<void> {
    if (!this.child?.pid || this.exitCode !== undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }

  /** SIGTERM, and wait for it to end. */
  async stop(): Promise<void> {
    if (!this.child || this.exitCode !== undefined) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}
