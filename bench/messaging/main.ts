/**
 * Bus throughput: ~300-byte persistent messages with publisher confirms into one durable queue,
 * through the lib and, for the ratios, through bare amqplib (same wire content).
 *
 *   npm run bench:messaging -- [messages=200000] [batch=1000] [batchesInFlight=8]
 *
 * Writes bench/results/messaging.json (relative to the working directory, the repo root).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Namespace, PlatformConfig } from '@zagel/config';
import { MessageRequested } from '@zagel/contracts';
import { Bus, deleteBusTopology, newMetadata, OutgoingMessage, serviceQueueName } from '@zagel/messaging';
import { BareAmqp } from './bare-amqp';
import { measure, Measurement, otpRequest, pipelined, round, until } from './bench-support';

const [messages = 200_000, batch = 1_000, batchesInFlight = 8] = process.argv.slice(2).map(Number);
const url = process.env.RABBITMQ_URL ?? new PlatformConfig().RABBITMQ_URL;
const namespace = new Namespace(`bench${randomBytes(3).toString('hex')}`);
const service = 'bench';
const queue = serviceQueueName(namespace, service, 'events');
const write = (line: string) => process.stdout.write(`${line}\n`);

type Phase =
  | 'bare_publish'
  | 'bare_consume'
  | 'bare_publish_and_consume'
  | 'publish_many'
  | 'consume'
  | 'publish_outgoing_while_consuming'
  | 'publish_and_consume';

const results: Partial<Record<Phase, { perSecond: number; seconds: number; processCpuPercent: number }>> = {};

function record(phase: Phase, label: string, run: Measurement): void {
  const perSecond = Math.round(messages / run.seconds);
  results[phase] = { perSecond, seconds: round(run.seconds), processCpuPercent: run.cpuPercent };
  write(`${label.padEnd(46)} ${String(perSecond).padStart(7)} msg/s  (bench process at ${run.cpuPercent}% of a core)`);
}

function ratio(phase: Phase, bare: Phase): number {
  return round((results[phase]?.perSecond ?? 0) / (results[bare]?.perSecond ?? 1));
}

async function main(): Promise<void> {
  const body = Buffer.from(JSON.stringify(otpRequest(1)));
  write(`bus bench: ${messages} messages of ${body.length} bytes, batches of ${batch}, ${batchesInFlight} in flight`);

  let consumed = 0;
  const consumer = await Bus.connect({
    url,
    namespace,
    service,
    instanceId: 'bench',
    prefetch: 1_000,
    queueExpiresMs: 600_000,
  });
  consumer.onEvent(MessageRequested, () => {
    consumed += 1;
  });
  const publisher = await Bus.connect({ url, namespace, service: 'bench-publisher', instanceId: 'bench' });
  const bare = await BareAmqp.connect(url);
  try {
    // Declares the queue and binding without consuming yet (start() would consume).
    await consumer.declareTopology();
    const events = namespace.bus('events');
    const idle = () => until(async () => (await publisher.inspectQueue(queue))?.messages === messages);

    const barePublish = () => bare.publish(events, MessageRequested.type, body, messages);
    record('bare_publish', 'bare amqplib: publish + confirm', await measure(barePublish));
    await idle();
    const bareConsume = () => bare.consume(queue, messages);
    record('bare_consume', 'bare amqplib: consume + ack the backlog', await measure(bareConsume));
    record(
      'bare_publish_and_consume',
      'bare amqplib: publish and consume together',
      await measure(async () => {
        await Promise.all([barePublish(), bareConsume()]);
      }),
    );

    record(
      'publish_many',
      'bus: publishMany (validates each payload)',
      await measure(() =>
        pipelined(messages, batch, batchesInFlight, async (from, to) => {
          const payloads = Array.from({ length: to - from }, (_, offset) => otpRequest(from + offset));
          await publisher.publishMany(MessageRequested, payloads);
        }),
      ),
    );
    await idle();
    record(
      'consume',
      'bus: consume the backlog (validate, handle, ack)',
      await measure(async () => {
        await consumer.start();
        await until(() => consumed >= messages);
      }),
    );

    consumed = 0;
    let publishing: Measurement | undefined;
    const endToEnd = await measure(async () => {
      publishing = await measure(() =>
        pipelined(messages, batch, batchesInFlight, async (from, to) => {
          const outgoing: OutgoingMessage[] = [];
          for (let index = from; index < to; index++) {
            const metadata = newMetadata(MessageRequested);
            outgoing.push({ destination: { kind: 'event' }, metadata, payload: otpRequest(index) });
          }
          const report = await publisher.publishOutgoing(outgoing);
          if (report.failed.length > 0) throw report.failed[0].error;
        }),
      );
      await until(() => consumed >= messages);
    });
    if (publishing) record('publish_outgoing_while_consuming', 'bus: publishOutgoing while consuming', publishing);
    record('publish_and_consume', 'bus: publish and consume together, end to end', endToEnd);
  } finally {
    await publisher.close();
    await consumer.close();
    await bare.close();
    await deleteBusTopology(url, namespace, [{ service }]);
  }

  const ratios = {
    publish_many_vs_bare_publish: ratio('publish_many', 'bare_publish'),
    consume_vs_bare_consume: ratio('consume', 'bare_consume'),
    end_to_end_vs_bare_end_to_end: ratio('publish_and_consume', 'bare_publish_and_consume'),
  };
  write(`ratios to the bare limit: ${JSON.stringify(ratios)}`);
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const settings = { messages, bodyBytes: body.length, batch, batchesInFlight };
  const file = resolve(process.cwd(), 'bench/results/messaging.json');
  mkdirSync(dirname(file), { recursive: true });
  const report = { at: new Date().toISOString(), machine, ...settings, results, ratios };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  write(`wrote ${file}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
