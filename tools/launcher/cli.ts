import { SERVICE_NAMES, SERVICES_WITH_DATABASE, ServiceName } from '@zagel/config';

export type LauncherCommand =
  | { kind: 'start'; services: ServiceName[]; readyTimeoutMs: number }
  | { kind: 'migrate'; services: ServiceName[] }
  | { kind: 'help' };

/** A command line the launcher cannot follow; the message says why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: npm start [-- options]      (or: node dist/tools/launcher/main.js [options])

Starts every Zagel service, waits until each is ready and keeps them running.

Options:
  --only <names>          start (or migrate) only these services, comma-separated:
                          ${SERVICE_NAMES.join(', ')}
  --migrate-only          run each database service's migrations in turn, then exit
  --ready-timeout <s>     how long to wait for readiness (default 90)
  -h, --help              show this help

Environment: DATABASE_URL, REDIS_URL, RABBITMQ_URL; <SERVICE>_PORT (e.g. BILLING_PORT) moves a service.`;

const DEFAULT_READY_TIMEOUT_MS = 90_000;

function parseServiceNames(values: string[]): ServiceName[] {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError('--only needs at least one service name');
  const unknown = names.filter((name) => !(SERVICE_NAMES as string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown service ${unknown.join(', ')}; services are ${SERVICE_NAMES.join(', ')}`);
  }
  // Launch order stays the platform's, whatever order the names came in.
  return SERVICE_NAMES.filter((name) => names.includes(name));
}

function parseSeconds(flag: string, value: string | undefined): number {
  const seconds = Number(value);
  if (value === undefined || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`${flag} needs a number of seconds`);
  }
  return Math.round(seconds * 1_000);
}

/** Reads the launcher's arguments (without `node` and the script). */
export function parseLauncherArgs(argv: readonly string[]): LauncherCommand {
  let only: string[] | undefined;
  let migrate = false;
  let readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS;

  for (let index = 0; index < argv.length; index += 1) {
    const [flag, inlineValue] = argv[index].split(/=(.*)/s, 2);
    if (flag === '-h' || flag === '--help') return { kind: 'help' };
    if (flag === '--migrate-only') {
      migrate = true;
    } else if (flag === '--only') {
      const values = inlineValue !== undefined ? [inlineValue] : [];
      // `npm run start:app billing auth` arrives as `--only billing auth`.
      while (inlineValue === undefined && index + 1 < argv.length && !argv[index + 1].startsWith('-')) {
        values.push(argv[(index += 1)]);
      }
      only = [...(only ?? []), ...values];
      if (values.length === 0) throw new UsageError('--only needs at least one service name');
    } else if (flag === '--ready-timeout') {
      readyTimeoutMs = parseSeconds(flag, inlineValue ?? argv[(index += 1)]);
    } else {
      throw new UsageError(`unknown option ${argv[index]}`);
    }
  }

  const services = only ? parseServiceNames(only) : [...SERVICE_NAMES];
  if (!migrate) return { kind: 'start', services, readyTimeoutMs };
  const withDatabase = services.filter((name) => SERVICES_WITH_DATABASE.includes(name));
  if (withDatabase.length === 0) {
    throw new UsageError(`none of ${services.join(', ')} has a database; those are ${SERVICES_WITH_DATABASE.join(', ')}`);
  }
  return { kind: 'migrate', services: withDatabase };
}
