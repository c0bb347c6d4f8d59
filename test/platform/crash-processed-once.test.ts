import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Bus, busOptionsFromConfig, deleteBusTopology } from '@zagel/messaging';
import { createTestNamespace, dropNamespaceSchemas, eventually, typescriptChildArgs } from '@zagel/testing';
import { EFFECTS_SERVICE, effectsDataSource, transferContract } from './fixtures/effects';

const test = createTestNamespace();
const Transfer = transferContract(`test.${randomBytes(4).toString('hex')}.transfer`);

interface ConsumerProcess {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function startConsumer(crashAfterCommit: boolean): ConsumerProcess {
  const child = spawn(process.execPath, typescriptChildArgs(join(__dirname, 'fixtures', 'inbox-consumer.ts')), {
    env: { ...process.env, ...test.env, TRANSFER_TYPE: Transfer.type, CRASH_AFTER_COMMIT: crashAfterCommit ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

function handledReports(consumer: ConsumerProcess): { messageId: string; redelivered: boolean; claimed: boolean }[] {
  return consumer.lines.filter((line) => line.startsWith('handled ')).map((line) => JSON.parse(line.slice(8)));
}

afterAll(async () => {
  await deleteBusTopology(test.settings.RABBITMQ_URL, test.namespace, [
    { service: EFFECTS_SERVICE, retryDelaysMs: test.settings.BUS_RETRY_DELAYS_MS },
    { service: 'transfer-publisher', retryDelaysMs: test.settings.BUS_RETRY_DELAYS_MS },
  ]);
  await dropNamespaceSchemas(test);
});

it('a confirmed message survives a Nest consumer crashing after its commit and is processed once', async () => {
  const crasher = startConsumer(true);
  const publisher = await Bus.connect(busOptionsFromConfig(test.settings, 'transfer-publisher'));
  let survivor: ConsumerProcess | undefined;
  try {
    await eventually(() => expect(crasher.lines).toContain('ready'), { timeoutMs: 150_000 });
    const { messageId } = await publisher.publish(Transfer, { account: 'acct-1' });

    expect(await crasher.exited).toBe(17);
    expect(handledReports(crasher)).toEqual([{ messageId, redelivered: false, claimed: true }]);

    survivor = startConsumer(false);
    await eventually(() => expect(handledReports(survivor!)).toHaveLength(1), { timeoutMs: 150_000 });
    expect(handledReports(survivor)).toEqual([{ messageId, redelivered: true, claimed: false }]);

    const dataSource = effectsDataSource(test.settings);
    await dataSource.initialize();
    try {
      const effects = await dataSource.query('SELECT message_id, pid FROM effects');
      expect(effects).toEqual([{ message_id: messageId, pid: crasher.child.pid }]);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    crasher.child.kill('SIGKILL');
    survivor?.child.kill('SIGTERM');
    await publisher.close();
  }
}, 360_000); // two child processes compile their TypeScript first: minutes on a loaded machine
