import { connect as connectAmqp } from 'amqplib';
import { createClient } from 'redis';
import { ensureDatabase } from '@zagel/database';

export type Dependency = 'postgres' | 'redis' | 'rabbitmq';

export interface DependencyUrls {
  DATABASE_URL: string;
  REDIS_URL: string;
  RABBITMQ_URL: string;
}

interface DependencyInfo {
  label: string;
  variable: keyof DependencyUrls;
  startHint: string;
}

const DEPENDENCIES: Record<Dependency, DependencyInfo> = {
  postgres: { label: 'PostgreSQL', variable: 'DATABASE_URL', startHint: 'sudo service postgresql start' },
  redis: { label: 'Redis', variable: 'REDIS_URL', startHint: 'redis-server --daemonize yes' },
  rabbitmq: { label: 'RabbitMQ', variable: 'RABBITMQ_URL', startHint: 'rabbitmq-server -detached' },
};

const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'TIMEOUT']);

/** The URL with its password masked, fit to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable URL)';
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function shortReason(error: unknown, url: string): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const reason = code && CONNECTION_FAILURES.has(code) ? code : (message.split('\n')[0] ?? '') || code || 'unknown error';
  const password = safePassword(url);
  return password ? reason.split(password).join('***') : reason;
}

function safePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

function isConnectionFailure(error: unknown): boolean {
  const code = errorCode(error);
  if (code && CONNECTION_FAILURES.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /ECONNREFUSED|ETIMEDOUT|timed? ?out|socket closed|Connection terminated/i.test(message);
}

/** The one line the launcher prints for a dependency it cannot use. */
export function dependencyProblem(dependency: Dependency, url: string, error: unknown): string {
  const { label, variable, startHint } = DEPENDENCIES[dependency];
  const where = redactUrl(url);
  if (isConnectionFailure(error)) {
    return `${label} is not reachable at ${where} (${shortReason(error, url)}) — start it with: ${startHint} (or: bash tools/ci/ensure-services.sh)`;
  }
  return `${label} at ${where} refused the connection: ${shortReason(error, url)} — check ${variable}`;
}

class TimeoutError extends Error {
  readonly code = 'TIMEOUT';
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  const client = createClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
  client.on('error', () => undefined); // connect() rejects with the same error
  try {
    await client.connect();
    await client.ping();
  } finally {
    if (client.isOpen) client.destroy();
  }
}

async function pingRabbitMq(url: string, timeoutMs: number): Promise<void> {
  const connection = await connectAmqp(url, { timeout: timeoutMs });
  connection.on('error', () => undefined);
  await connection.close();
}

export interface DependencyReport {
  problems: string[];
  /** Set when the database in DATABASE_URL did not exist and was created. */
  createdDatabase?: string;
}

/** Checks the dependencies in parallel; Postgres also gets its database created if missing. */
export async function checkDependencies(
  urls: DependencyUrls,
  which: readonly Dependency[],
  timeoutMs = 3_000,
): Promise<DependencyReport> {
  let createdDatabase: string | undefined;
  const checks: Record<Dependency, () => Promise<void>> = {
    postgres: async () => {
      if (await withTimeout(ensureDatabase(urls.DATABASE_URL, timeoutMs), timeoutMs * 2)) {
        createdDatabase = decodeURIComponent(new URL(urls.DATABASE_URL).pathname.slice(1));
      }
    },
    redis: () => withTimeout(pingRedis(urls.REDIS_URL, timeoutMs), timeoutMs),
    rabbitmq: () => withTimeout(pingRabbitMq(urls.RABBITMQ_URL, timeoutMs), timeoutMs),
  };
  const outcomes = await Promise.all(
    which.map(async (dependency) => {
      try {
        await checks[dependency]();
        return undefined;
      } catch (error) {
        return dependencyProblem(dependency, urls[DEPENDENCIES[dependency].variable], error);
      }
    }),
  );
  return { problems: outcomes.filter((problem): problem is string => problem !== undefined), createdDatabase };
}
