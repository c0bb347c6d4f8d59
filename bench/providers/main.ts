import { v7 as uuidv7 } from 'uuid';
import {
  CreateProviderAccount,
  CreateProviderRoute,
  MessageStatusChanged,
  SendViaProvider,
  SendViaProviderPayload,
} from '@zagel/contracts';
import { BusProbe, TestPlatform } from '@zagel/testing';
import { measureRabbitMq } from '../baseline/rabbitmq';
import { BenchReport, Cell, machineInfo, numberOption, perSecond, printTable, timed, writeReport } from '../common';

/**
 * Messages per second through provider-sender to the simulator provider (zero latency, no reports),
 * as a ratio of bare RabbitMQ publish→consume (persistent, confirmed, acked) measured in the same run:
 *   npm run bench:providers -- [--messages=5000] [--window=500]
 * Each message is a `provider.send` command; it counts once its `message.status` `sent` event arrives,
 * so the figure covers route choice, the recorded attempt, the submit, the accepted commit with its
 * outbox event, the circuit and statistics updates, and the relay publishing the event.
 */

const SERVICE = 'provider-bench';

async function sendAll(bus: BusProbe, commands: SendViaProviderPayload[], window: number): Promise<void> {
  for (let start = 0; start < commands.length; start += window) {
    await Promise.all(commands.slice(start, start + window).map((command) => bus.send(SendViaProvider, { service: 'provider-sender' }, command)));
  }
}

async function main(): Promise<void> {
  const options = { messages: numberOption('messages', 5_000), window: numberOption('window', 500) };
  const machine = machineInfo();
  console.log(`provider-sender throughput on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}\n`);

  const platform = new TestPlatform({ services: ['provider-sender'], settings: { LOG_LEVEL: 'warn' } });
  const sent = new Set<string>();
  let onSent: (() => void) | undefined;
  let expected = 0;
  let results: Record<string, unknown>;
  try {
    await platform.start();
    const bus = await platform.probe({
      service: SERVICE,
      instanceId: `${SERVICE}-1`,
      plays: (probe) =>
        probe.onEvent(MessageStatusChanged, (status) => {
          if (status.status !== 'sent') return;
          sent.add(status.messageId);
          if (sent.size >= expected) onSent?.();
        }),
    });
    const account = await bus.rpc.call(CreateProviderAccount, 'provider-sender', { name: 'bench-simulator', kind: 'simulator', settings: {} });
    const organizationId = uuidv7();
    await bus.rpc.call(CreateProviderRoute, 'provider-sender', { country: '*', organizationId, providers: [account.id] });
    const command = (): SendViaProviderPayload => ({
      messageId: uuidv7(),
      organizationId,
      to: '+12025550123',
      body: 'Your code is 123456',
      messageType: 'otp',
      origin: 'otp',
      chainPosition: 0,
    });

    const run = async (count: number) => {
      const commands = Array.from({ length: count }, command);
      sent.clear();
      expected = count;
      const allSent = new Promise<void>((resolve) => (onSent = resolve));
      return timed(async () => {
        await sendAll(bus, commands, options.window);
        await allSent;
      });
    };
    process.stdout.write('warm-up… ');
    await run(Math.min(500, options.messages));
    process.stdout.write(`provider.send → sent, ${options.messages} messages… `);
    const measured = await run(options.messages);
    console.log('done');

    process.stdout.write(`bare RabbitMQ publish→consume, ${options.messages} messages… `);
    const bare = await measureRabbitMq({
      url: platform.namespace.settings.RABBITMQ_URL,
      messages: options.messages,
      messageBytes: 300,
      window: options.window,
      prefetch: 100,
    });
    console.log('done\n');

    const providerPerSec = perSecond(options.messages, measured.seconds);
    const ratio = Math.round((providerPerSec / bare.endToEndPerSec) * 1000) / 1000;
    results = { providerSendPerSec: providerPerSec, bareRabbitEndToEndPerSec: bare.endToEndPerSec, ratio };
    const rows: Cell[][] = [
      ['bare RabbitMQ publish→consume', bare.endToEndPerSec, '1'],
      ['provider.send → simulator → sent event', providerPerSec, ratio.toFixed(3)],
    ];
    printTable(['path', 'msg/s', 'ratio'], rows);
  } finally {
    await platform.stop();
  }
  const report: BenchReport = { bench: 'providers', date: new Date().toISOString(), machine, options, results };
  console.log(`\nwritten to ${writeReport(report)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
