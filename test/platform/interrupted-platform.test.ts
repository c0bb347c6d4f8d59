import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createTestNamespace, deleteNamespaceKeys, dropNamespaceSchemas, typescriptChildArgs, until } from '@zagel/testing';

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('takes its service processes with it when the process running it is interrupted', async () => {
  const child = spawn(process.execPath, typescriptChildArgs(join(__dirname, 'fixtures', 'platform-until-signal.ts')), {
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let started: { namespace: string; pid: number } | undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('started ')) started = JSON.parse(line.slice('started '.length)) as { namespace: string; pid: number };
  });
  try {
    const { pid } = await until(() => started, { what: 'the platform started in the child', deadline: 180_000, interval: 200 });
    expect(isRunning(pid)).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    await until(() => (isRunning(pid) ? undefined : true), { what: 'the auth process to end', deadline: 30_000, interval: 100 });
  } finally {
    child.kill('SIGKILL');
    if (started) {
      const leftover = { ...createTestNamespace(), name: started.namespace };
      await dropNamespaceSchemas(leftover);
      await deleteNamespaceKeys(leftover);
    }
  }
}, 240_000); // the child compiles its TypeScript first: minutes on a loaded machine
