import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SERVICE_NAMES, ServiceName } from '@zagel/config';
import { SupervisedProcess, startServiceProcess, stopAll, waitForReady } from '@zagel/process-supervisor';
import { freePort } from './free-port';
import { TestNamespace } from './test-namespace';

/** The repository root, whether this file runs from libs/ (jest) or from dist/libs/ (a built bench). */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const ROOT = repositoryRoot();

export interface RunningPlatform {
  /** Base URL of each started service, e.g. `http://127.0.0.1:41234`. */
  urls: Partial<Record<ServiceName, string>>;
  /** Everything each process printed, for assertions and for failure reports. */
  output: Partial<Record<ServiceName, string[]>>;
  processes: Map<ServiceName, SupervisedProcess>;
  stop(): Promise<void>;
}

export function serviceEntry(service: ServiceName): string {
  return join(ROOT, 'dist', 'apps', service, 'src', 'main.js');
}

/**
 * Starts services as real processes from the build (`npm run build`) in the test's namespace, each on a
 * free port, and waits until every one reports ready. Processes are not restarted: a crash is a failure.
 */
export async function startPlatformProcesses(
  test: TestNamespace,
  services: readonly ServiceName[] = SERVICE_NAMES,
  extraEnv: Record<string, string> = {},
): Promise<RunningPlatform> {
  const missing = services.filter((service) => !existsSync(serviceEntry(service)));
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')} (run npm run build)`);

  const platform: RunningPlatform = { urls: {}, output: {}, processes: new Map(), stop: () => Promise.resolve() };
  for (const service of services) {
    const port = await freePort();
    const lines: string[] = [];
    platform.output[service] = lines;
    platform.urls[service] = `http://127.0.0.1:${port}`;
    platform.processes.set(
      service,
      startServiceProcess({
        name: service,
        args: [serviceEntry(service)],
        cwd: ROOT,
        env: { ...process.env, ...test.env, ...extraEnv, PORT: String(port), INSTANCE_ID: `${service}-${port}` },
        restart: false,
        onOutput: (line) => lines.push(line),
      }),
    );
  }
  platform.stop = async () => {
    await stopAll([...platform.processes.values()], 10_000);
  };
  try {
    await Promise.all(services.map((service) => waitForReady(`${platform.urls[service]}/health/ready`, { timeoutMs: 60_000 })));
  } catch (error) {
    await platform.stop();
    const tails = services.map((service) => `--- ${service}\n${(platform.output[service] ?? []).slice(-15).join('\n')}`);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tails.join('\n')}`);
  }
  return platform;
}
