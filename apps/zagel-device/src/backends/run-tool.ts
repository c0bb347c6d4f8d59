import { execFile } from 'node:child_process';

/** A device tool (`termux-*`, `mmcli`) that did not finish well: exit status, or not found, or too slow. */
export class ToolFailed extends Error {
  constructor(
    readonly command: string,
    readonly code: string,
    readonly output: string,
  ) {
    super(`${command} failed (${code})${output ? `: ${output.trim().slice(0, 300)}` : ''}`);
    this.name = 'ToolFailed';
  }
}

export interface ToolRun {
  stdout: string;
  stderr: string;
}

/** Runs a tool found on PATH without a shell (arguments are passed as they are, never interpreted). */
export type RunTool = (command: string, args: readonly string[], options?: { timeoutMs?: number }) => Promise<ToolRun>;

const DEFAULT_TIMEOUT_MS = 60_000;

/** The runner for tools found on `env`'s PATH (the agent's own environment by default). */
export function toolRunner(env?: NodeJS.ProcessEnv): RunTool {
  return (command, args, options = {}) =>
    new Promise((resolve, reject) => {
      const settings = { env, timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8' as const };
      execFile(command, [...args], settings, (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not_found' : error.killed ? 'timeout' : `exit_${String(error.code ?? 'unknown')}`;
        reject(new ToolFailed(command, code, `${stderr}${stdout}`));
      });
    });
}
