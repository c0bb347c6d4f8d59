import { join } from 'node:path';
import { ServiceName } from '@zagel/config';
import { startServiceProcess, stopAll, SupervisedProcess, waitForReady } from '@zagel/process-supervisor';
import { cleanupTestNamespace, createTestNamespace, freePort, TestNamespace } from '@zagel/testing';

const SERVICES: readonly ServiceName[] = ['api-gateway', 'auth'];

/** dist/bench/gateway → dist/apps/<service>/src/main.js; the repository root is above dist. */
const DIST = join(__dirname, '..', '..');
const serviceEntry = (service: ServiceName) => join(DIST, 'apps', service, 'src', 'main.js');

export interface RunningEdge {
  gatewayUrl: string;
  stop(): Promise<void>;
}

/**
 * api-gateway and auth as processes in a fresh namespace, from the build. libs/testing's
 * startPlatformProcesses resolves `dist/` from its source location, so from the compiled bench
 * it would look in `dist/dist/`: this starts them the same way, with the entry found from here.
 */
export async function startEdge(env: Record<string, string>): Promise<RunningEdge> {
  const test: TestNamespace = createTestNamespace();
  const processes: SupervisedProcess[] = [];
  const output: Record<string, string[]> = {};
  const urls: Partial<Record<ServiceName, string>> = {};
  const stop = async () => {
    try {
      await stopAll(processes, 10_000);
    } finally {
      await cleanupTestNamespace(test, SERVICES);
    }
  };
  try {
    for (const service of SERVICES) {
      const port = await freePort();
      const lines: string[] = (output[service] = []);
      urls[service] = `http://127.0.0.1:${port}`;
      processes.push(
        startServiceProcess({
          name: service,
          args: [serviceEntry(service)],
          cwd: join(DIST, '..'),
          env: { ...process.env, ...test.env, ...env, PORT: String(port), INSTANCE_ID: `${service}-${port}` },
          restart: false,
          onOutput: (line) => lines.push(line),
        }),
      );
    }
    await Promise.all(SERVICES.map((service) => waitForReady(`${urls[service]}/health/ready`, { timeoutMs: 60_000 })));
  } catch (error) {
    await stop();
    const tails = SERVICES.map((service) => `--- ${service}\n${(output[service] ?? []).slice(-15).join('\n')}`).join('\n');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tails}`);
  }
  return { gatewayUrl: urls['api-gateway'] as string, stop };
}
