import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** True when the gateway at `apiUrl` answers its readiness check. */
export async function platformIsReady(apiUrl: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health/ready', apiUrl), { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts every service with the launcher (what `npm start` runs), its output hidden, and resolves
 * once the launcher reports them all ready. The caller stops it with SIGINT.
 */
export function startPlatform(rootDir: string, timeoutMs: number): Promise<ChildProcess> {
  const launcher = spawn(process.execPath, [resolve(rootDir, 'dist/tools/launcher/main.js')], {
    cwd: rootDir,
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!error) return resolvePromise(launcher);
      launcher.kill('SIGINT');
      reject(new Error(`${error.message}\n${output.slice(-4_000)}`));
    };
    const timer = setTimeout(() => settle(new Error(`the platform was not ready within ${timeoutMs / 1_000} s`)), timeoutMs);
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-16_000);
      if (/all \d+ services are ready/.test(output)) settle();
    };
    launcher.stdout.on('data', collect);
    launcher.stderr.on('data', collect);
    launcher.once('exit', (code) => settle(new Error(`the launcher exited with ${code}`)));
  });
}
