import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuSeconds } from '../common';

export interface HttpOptions {
  seconds: number;
  connections: number;
}

export interface HttpResult {
  url: string;
  requestsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  non2xx: number;
  /** CPU the server process used per request (user + system), in microseconds. */
  cpuMicrosPerRequest?: number;
}

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(join(__dirname, 'http-server.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`HTTP server exited with ${String(code)}`))),
  ])) as [{ port: number }];
  return { child, port: message.port };
}

/** autocannon against a bare Fastify endpoint in another process: a short warm-up, then the measured run. */
export async function measureHttp(options: HttpOptions): Promise<HttpResult> {
  const { child, port } = await startServer();
  const url = `http://127.0.0.1:${port}/v1/ping`;
  try {
    await autocannon({ url, connections: options.connections, duration: 1 });
    const cpuBefore = cpuSeconds(child.pid);
    const result = await autocannon({ url, connections: options.connections, duration: options.seconds });
    const cpuMicros = (cpuSeconds(child.pid) - cpuBefore) * 1e6;
    return {
      ...(Number.isFinite(cpuMicros) && result.requests.total > 0 && { cpuMicrosPerRequest: Math.round(cpuMicros / result.requests.total) }),
      url,
      requestsPerSec: result.requests.average,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
    };
  } finally {
    if (child.exitCode === null) {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    }
  }
}
