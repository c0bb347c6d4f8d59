import { createServer } from 'node:net';
import { checkDependencies, dependencyProblem, redactUrl } from './infrastructure';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('dependency checks', () => {
  it('masks passwords in URLs', () => {
    expect(redactUrl('amqp://guest:guest@127.0.0.1:5672')).toBe('amqp://guest:***@127.0.0.1:5672');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/zagel')).toBe('postgres://postgres@127.0.0.1:5432/zagel');
    expect(redactUrl('redis://:p%40ss@cache:6379/2')).toBe('redis://:***@cache:6379/2');
    expect(redactUrl('not a url')).toBe('(unparseable URL)');
  });

  it('says how to start a dependency that is down', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5672'), { code: 'ECONNREFUSED' });

    expect(dependencyProblem('rabbitmq', 'amqp://guest:guest@127.0.0.1:5672', refused)).toBe(
      'RabbitMQ is not reachable at amqp://guest:***@127.0.0.1:5672 (ECONNREFUSED) — start it with: rabbitmq-server -detached (or: bash tools/ci/ensure-services.sh)',
    );
  });

  it('points at the setting when the dependency answers but refuses, without echoing the password', () => {
    const refused = Object.assign(new Error('password authentication failed: hunter2 is wrong'), { code: '28P01' });

    const line = dependencyProblem('postgres', 'postgres://app:hunter2@db:5432/zagel', refused);

    expect(line).toBe('PostgreSQL at postgres://app:***@db:5432/zagel refused the connection: password authentication failed: *** is wrong — check DATABASE_URL');
  });

  it('reports each unreachable dependency in one line, passwords masked', async () => {
    const port = await closedPort();

    const report = await checkDependencies(
      {
        DATABASE_URL: `postgres://postgres:pw1@127.0.0.1:${port}/zagel`,
        REDIS_URL: `redis://:pw2@127.0.0.1:${port}`,
        RABBITMQ_URL: `amqp://guest:pw3@127.0.0.1:${port}`,
      },
      ['postgres', 'redis', 'rabbitmq'],
      1_000,
    );

    expect(report.problems).toEqual([
      expect.stringMatching(/^PostgreSQL is not reachable at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/zagel \(ECONNREFUSED\) — start it with: /),
      expect.stringMatching(/^Redis is not reachable at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(ECONNREFUSED\) — start it with: redis-server/),
      expect.stringMatching(/^RabbitMQ is not reachable at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:\d+ \(ECONNREFUSED\) — start it with: rabbitmq-server/),
    ]);
    expect(report.problems.join('\n')).not.toMatch(/pw[123]/);
  });
});
