import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { relative } from 'node:path';
import { portVariable, ServicePlan } from './service-plan';

/** One line per service whose compiled entry point is missing. */
export function missingBuilds(plans: readonly ServicePlan[], rootDir: string): string[] {
  return plans
    .filter((plan) => !existsSync(plan.entry))
    .map((plan) => `${plan.name} is not built: ${relative(rootDir, plan.entry)} is missing — run: npm run build`);
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** One line per port another process already listens on (an earlier launcher still running?). */
export async function busyPorts(plans: readonly ServicePlan[]): Promise<string[]> {
  const free = await Promise.all(plans.map((plan) => isPortFree(plan.port)));
  return plans
    .filter((_, index) => !free[index])
    .map((plan) => `port ${plan.port} for ${plan.name} is already in use — is Zagel already running? (or move it: ${portVariable(plan.name)}=<port>)`);
}
