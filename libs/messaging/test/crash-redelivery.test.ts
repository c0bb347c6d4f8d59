import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Bus, BusContext, serviceQueueName } from '@zagel/messaging';
import { createTestNamespace, typescriptChildArgs } from '@zagel/testing';
import { BusFixture, eventually, testEvent } from './bus-test-support';
import { ThingPayload } from './fixtures/thing.payload';

/**
 * The crashing consumer is a real process: node runs the TypeScript fixture through
 * libs/testing/ts-register.js (the TypeScript transpiler, as jest uses), so no build is needed.
 */
const test = createTestNamespace();
const fixture = new BusFixture(test);
const service = 'crashy';

afterAll(() => fixture.cleanup());

interface CrashingConsumer {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function startCrashingConsumer(eventType: string): CrashingConsumer {
  const fixtures = join(__dirname, 'fixtures');
  const args = typescriptChildArgs(join(fixtures, 'crashing-consumer.ts'));
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...test.env, CRASH_SERVICE: service, CRASH_EVENT_TYPE: eventType },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  const errors: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then((code) => {
    if (code !== 17 && errors.length > 0) process.stderr.write(`crashing consumer: ${errors.join('')}`);
  });
  return { child, lines, exited };
}

describe('a confirmed message', () => {
  it('survives a Nest consumer that dies before acking: the next consumer gets it redelivered', async () => {
    const Thing = testEvent('crash');
    fixture.track({ service, retryDelaysMs: [1_000, 5_000, 30_000, 120_000] });
    const crasher = startCrashingConsumer(Thing.type);
    try {
      await eventually(() => (crasher.lines.includes('ready') ? true : undefined), 150_000);

      const publisher = await fixture.connect('crash-publisher');
      const metadata = await publisher.publish(Thing, { name: 'precious', n: 7 });

      expect(await crasher.exited).toBe(17);
      const handled = crasher.lines.find((line) => line.startsWith('handled '));
      expect(JSON.parse(String(handled).slice('handled '.length))).toEqual({
        messageId: metadata.messageId,
        redelivered: false,
        name: 'precious',
      });
    } finally {
      crasher.child.kill('SIGKILL');
    }

    const received: { name: string; context: BusContext }[] = [];

    @Controller()
    class SurvivingController {
      @EventPattern(Thing.type)
      handle(@Payload() payload: ThingPayload, @Ctx() context: BusContext): void {
        received.push({ name: payload.name, context });
      }
    }

    const survivor = await fixture.startNestApp(service, { controllers: [SurvivingController] });

    const [delivery] = await eventually(() => (received.length > 0 ? received : undefined), 60_000);
    expect(delivery.name).toBe('precious');
    expect(delivery.context.redelivered).toBe(true);
    expect(delivery.context.attempt).toBe(1);
    const queue = serviceQueueName(test.namespace, service, 'events');
    await eventually(async () => ((await survivor.get(Bus).inspectQueue(queue))?.messages === 0 ? true : undefined), 60_000);
    expect(received).toHaveLength(1);
  }, 300_000); // the crashing child compiles its TypeScript first: minutes on a loaded machine
});
