import { join } from 'node:path';
import { SERVICE_PORTS, ServiceName } from '@zagel/config';
import { UsageError } from './cli';

/** How one service is launched on this machine. */
export interface ServicePlan {
  name: ServiceName;
  port: number;
  /** Compiled entry point, `dist/apps/<name>/src/main.js`. */
  entry: string;
  env: NodeJS.ProcessEnv;
  url: string;
  readyUrl: string;
}

export interface PlanContext {
  rootDir: string;
  env: NodeJS.ProcessEnv;
  /** The launcher writes to a terminal: children log in the pretty format, in color. */
  terminal: boolean;
}

/** `pool-dispatcher` → `POOL_DISPATCHER_PORT`. */
export function portVariable(name: ServiceName): string {
  return `${name.replace(/-/g, '_').toUpperCase()}_PORT`;
}

export function servicePort(name: ServiceName, env: NodeJS.ProcessEnv): number {
  const variable = portVariable(name);
  const value = env[variable];
  if (value === undefined || value === '') return SERVICE_PORTS[name];
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new UsageError(`${variable}=${value} is not a port number`);
  return port;
}

/** The parent's environment plus the service's PORT and, on a terminal, readable colored logs. */
export function childEnvironment(env: NodeJS.ProcessEnv, port: number, terminal: boolean): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env, PORT: String(port) };
  if (terminal && !env.LOG_FORMAT) child.LOG_FORMAT = 'pretty';
  // The child writes into a pipe, so it cannot see the terminal and would not color by itself.
  if (terminal && env.NO_COLOR === undefined && env.FORCE_COLOR === undefined) child.FORCE_COLOR = '1';
  return child;
}

export function planServices(names: readonly ServiceName[], context: PlanContext): ServicePlan[] {
  const plans = names.map((name) => {
    const port = servicePort(name, context.env);
    return {
      name,
      port,
      entry: join(context.rootDir, 'dist', 'apps', name, 'src', 'main.js'),
      env: childEnvironment(context.env, port, context.terminal),
      url: `http://localhost:${port}`,
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    };
  });
  const taken = new Map<number, ServiceName>();
  for (const plan of plans) {
    const other = taken.get(plan.port);
    if (other) throw new UsageError(`${other} and ${plan.name} would both listen on port ${plan.port}`);
    taken.set(plan.port, plan.name);
  }
  return plans;
}
