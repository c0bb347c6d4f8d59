import { ProcessExit, SpawnSpec, signalProcess, spawnChild } from './child-processes';
import { forwardLines, OutputListener } from './process-output';

export interface RunProcessOptions extends SpawnSpec {
  onOutput?: OutputListener;
  /** Aborting sends SIGTERM (the run still resolves with the exit). */
  signal?: AbortSignal;
}

/** Runs a command once to its end (a migration, a build step), forwarding its output by line. */
export function runProcess(options: RunProcessOptions): Promise<ProcessExit> {
  return new Promise((resolve, reject) => {
    const child = spawnChild(options);
    const abort = () => signalProcess(child, 'SIGTERM');
    options.signal?.addEventListener('abort', abort, { once: true });
    child.once('error', (error) => {
      if (child.pid === undefined) reject(error);
    });
    child.once('close', (code, signal) => {
      options.signal?.removeEventListener('abort', abort);
      resolve({ code, signal });
    });
    forwardLines(child.stdout, 'stdout', options.onOutput);
    forwardLines(child.stderr, 'stderr', options.onOutput);
    if (options.signal?.aborted) abort();
  });
}
