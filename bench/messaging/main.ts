/**
 * Bus throughput: 300-byte persistent messages with publisher confirms into one durable queue,
 * through the lib (publishMany, publishOutgoing) and, for the ratio, through bare amqplib.
 *
 *   npm run bench:messaging -- [messages=200000] [batch=1000] [batchesInFlight=4]
 *
 * Writes bench/results/messaging.json.
 */
import * as amqplib from 'amqplib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Namespace, PlatformConfig } from '@zagel/config';
import { MessageRequested, MessageRequestedPayload } from '@zagel/contracts';
import { Bus, deleteBusTopology, newMetadata, OutgoingMessage, serviceQueueName } from '@zagel/messaging';

const [messages = 200_000, batch = 1_000, batchesInFlight = 4] = process.argv.slice(2).map(Number);
const url = process.env.RABBITMQ_URL ?? new PlatformConfig().RABBITMQ_URL;
const namespace = new Namespace(`bench${randomBytes(3).toString('hex')}`);
const service = 'bench';
const queue = serviceQueueName(namespace, service, 'events');
const write = (line: string) => process.stdout.write(`${line}\n`);

function payload(index: number): MessageRequestedPayload {
  return {
    messageId: randomUUID(),
    organizationId: '0190f7a4-8c1e-7a3b-9f00-4d2c5e6a7b8c',
    to: `+2010${String(index % 100_000_000).padStart(8, '0')}`,
    body:
      `Your Zagel verification code is ${String(index % 1_000_000).padStart(6, '0')}. It expires in 10 minutes. ` +
      'Never share it: Zagel staff will never ask you for it.',
    messageType: 'otp',
    route: 'auto',
  };
}

/** Runs `batches` jobs, `concurrency` at a time, like an outbox relay with several batches in flight. */
async function pipelined(
  total: number,
  size: number,
  concurrency: number,
  job: (from: number, to: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const from = next;
      next = Math.min(total, next + size);
      await job(from, next);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

interface Measurement {
  seconds: number;
  /** CPU this process used (all threads), in % of one core: the client's share of the cost. */
  cpuPercent: number;
}

async function measure(work: () => Promise<void>): Promise<Measurement> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuPercent: Math.round(((used.user + used.system) / 1e6 / seconds) * 100) };
}

async function queueDepth(channel: amqplib.Channel): Promise<number> {
  return (await channel.checkQueue(queue)).messageCount;
}

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((done) => setTimeout(done, 5));
}

async function main(): Promise<void> {
  const bodyBytes = Buffer.byteLength(JSON.stringify(payload(1)));
  write(`bus bench: ${messages} messages of ${bodyBytes} bytes, batches of ${batch}, ${batchesInFlight} in flight`);

  // The queue exists before anything is published (a consumer that has not started consuming yet).
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
  const admin = await amqplib.connect(url);
  const channel = await admin.createChannel();
  const publisher = await Bus.connect({ url, namespace, service: 'bench-publisher', instanceId: 'bench' });
  const results: Record<string, { perSecond: number; seconds: number; processCpuPercent: number }> = {};
  const record = (name: string, run: Measurement) => {
    results[name] = {
      perSecond: Math.round(messages / run.seconds),
      seconds: round(run.seconds),
      processCpuPercent: run.cpuPercent,
    };
  };
  const line = (name: string) =>
    `${results[name].perSecond} msg/s (this process at ${results[name].processCpuPercent}% of one core)`;

  try {
    const topology = consumer.topology();
    for (const exchange of topology.exchanges) await channel.assertExchange(exchange.name, exchange.type);
    for (const spec of topology.queues) {
      await channel.assertQueue(spec.name, { durable: true, arguments: spec.arguments });
    }
    for (const { queue: bound, exchange, routingKey } of topology.bindings) {
      await channel.bindQueue(bound, exchange, routingKey);
    }

    // 1. Bare limit: amqplib confirm channel, same body and headers, persistent, a window of 10,000.
    const bare = await admin.createConfirmChannel();
    const body = Buffer.from(JSON.stringify(payload(1)));
    const bareRun = await measure(async () => {
      let sent = 0;
      let confirmed = 0;
      let draining = false;
      await new Promise<void>((done) => {
        const pump = () => {
          draining = false;
          while (sent < messages && sent - confirmed < 10_000) {
            sent += 1;
            const id = randomUUID();
            const ok = bare.publish(namespace.bus('events'), MessageRequested.type, body, {
              persistent: true,
              messageId: id,
              type: MessageRequested.type,
              contentType: 'application/json',
              correlationId: id,
              appId: 'bare',
              timestamp: Math.floor(Date.now() / 1000),
              headers: {
                'x-correlation-id': id,
                'x-schema-version': 1,
                'x-attempt': 1,
                'x-occurred-at': new Date().toISOString(),
              },
            }, () => {
              confirmed += 1;
              if (confirmed === messages) done();
              else if (!draining && sent - confirmed < 5_000) pump();
            });
            if (!ok) {
              draining = true;
              bare.once('drain', pump);
              return;
            }
          }
        };
        pump();
      });
    });
    record('bare_publish', bareRun);
    await bare.close();
    await until(async () => (await queueDepth(channel)) === messages);
    await channel.purgeQueue(queue);
    write(`bare amqplib publish+confirm:       ${line('bare_publish')}`);

    // 2. publishMany: validation, metadata, headers, confirms.
    record(
      'publish_many',
      await measure(() =>
        pipelined(messages, batch, batchesInFlight, async (from, to) => {
          const payloads = Array.from({ length: to - from }, (_, offset) => payload(from + offset));
          await publisher.publishMany(MessageRequested, payloads);
        }),
      ),
    );
    await until(async () => (await queueDepth(channel)) === messages);
    write(`publishMany (validates):            ${line('publish_many')}`);

    // 3. Consume what is queued: handler, ack.
    record(
      'consume',
      await measure(async () => {
        await consumer.start();
        await until(() => consumed >= messages);
      }),
    );
    write(`consume (queued backlog):           ${line('consume')}`);

    // 4. publishOutgoing (the outbox relay path: prepared messages, no validation) while consuming.
    consumed = 0;
    let publishing: Measurement | undefined;
    record(
      'publish_and_consume',
      await measure(async () => {
        publishing = await measure(() =>
          pipelined(messages, batch, batchesInFlight, async (from, to) => {
            const outgoing: OutgoingMessage[] = [];
            for (let index = from; index < to; index++) {
              const metadata = newMetadata(MessageRequested);
              outgoing.push({ destination: { kind: 'event' }, metadata, payload: payload(index) });
            }
            const report = await publisher.publishOutgoing(outgoing);
            if (report.failed.length > 0) throw report.failed[0].error;
          }),
        );
        await until(() => consumed >= messages);
      }),
    );
    if (publishing) record('publish_outgoing_with_consumer', publishing);
    write(`publishOutgoing (consumer running): ${line('publish_outgoing_with_consumer')}`);
    write(`publish + consume, end to end:      ${line('publish_and_consume')}`);
  } finally {
    await publisher.close();
    await consumer.close();
    await channel.close();
    await admin.close();
    await deleteBusTopology(url, namespace, [{ service }]);
  }

  const bareRate = results.bare_publish.perSecond;
  const ratios = {
    publish_many_vs_bare: round(results.publish_many.perSecond / bareRate),
    publish_outgoing_vs_bare: round(results.publish_outgoing_with_consumer.perSecond / bareRate),
    end_to_end_vs_bare: round(results.publish_and_consume.perSecond / bareRate),
  };
  write(`ratios to bare publish: ${JSON.stringify(ratios)}`);
  const file = resolve(process.cwd(), 'bench/results/messaging.json');
  mkdirSync(dirname(file), { recursive: true });
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const settings = { messages, bodyBytes, batch, batchesInFlight };
  const report = { at: new Date().toISOString(), machine, ...settings, results, ratios };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  write(`wrote ${file}`);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
