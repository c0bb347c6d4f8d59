import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

/** What the three processes of the minimal OTP path share; passed to each as its one argument (JSON). */
export interface OtpPathWiring {
  amqpUrl: string;
  redisUrl: string;
  /** The durable queue between the HTTP process and the worker. */
  queue: string;
  /** Redis keys of the run: `<keyPrefix><verification id>`. */
  keyPrefix: string;
  /** Deliveries the worker holds at once (Zagel's BUS_PREFETCH). */
  prefetch: number;
  phones: number;
  /** Where the worker's Socket.IO server listens (given to the phones). */
  workerUrl?: string;
}

export const readWiring = (): OtpPathWiring => JSON.parse(process.argv[2] ?? '{}') as OtpPathWiring;

/** Messages between the bench and its child processes. */
export type ChildMessage =
  | { kind: 'ready'; url?: string }
  | { kind: 'received-count'; count: number }
  | { kind: 'received'; arrivals: [to: string, atNs: string][] };

/** A Node child process of the path, started from the build next to this file. */
export class PathProcess {
  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {}

  get pid(): number {
    return this.child.pid as number;
  }

  /** Forks `<script>.js` and resolves once it says it is ready (with its URL, if it serves one). */
  static async start(name: string, script: string, wiring: OtpPathWiring): Promise<{ process: PathProcess; url?: string }> {
    const child = fork(join(__dirname, `${script}.js`), [JSON.stringify(wiring)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const path = new PathProcess(name, child);
    const ready = (await path.next('ready', 60_000)) as Extract<ChildMessage, { kind: 'ready' }>;
    return { process: path, url: ready.url };
  }

  /** Sends `message` and resolves with the child's next message of `kind`. */
  async ask<K extends ChildMessage['kind']>(message: object, kind: K, timeoutMs = 30_000): Promise<Extract<ChildMessage, { kind: K }>> {
    const answer = this.next(kind, timeoutMs);
    this.child.send(message);
    return answer as Promise<Extract<ChildMessage, { kind: K }>>;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }

  private next(kind: ChildMessage['kind'], timeoutMs: number): Promise<ChildMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`${this.name}: no '${kind}' within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (message: ChildMessage) => {
        if (message.kind === kind) finish(undefined, message);
      };
      const onExit = (code: number | null) => finish(new Error(`${this.name} exited with ${String(code)}`));
      const finish = (error?: Error, message?: ChildMessage) => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        if (error) reject(error);
        else resolve(message as ChildMessage);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }
}

/** In a child: tells the bench it is ready; ends on SIGTERM or when the bench goes away. */
export function reportReady(url: string | undefined, close: () => Promise<unknown>): void {
  const stop = () => void close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  process.send?.({ kind: 'ready', url } satisfies ChildMessage);
}

/** In a child: a start-up failure ends the process (the bench sees the exit). */
export function exitOnFailure(error: unknown): never {
  console.error(error);
  process.exit(1);
}
