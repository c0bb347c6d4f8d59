import { IsInt } from 'class-validator';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { defineRpc, MessageMetadata } from '@zagel/contracts';
import { prepareEvent } from '@zagel/messaging';
import { startTracing, withSpan } from '@zagel/observability';
import { createTestNamespace } from '@zagel/testing';
import { BusFixture, eventually, testEvent, uniqueType } from './bus-test-support';

class Amount {
  @IsInt()
  amount: number;
}

const Double = defineRpc(uniqueType('double'), 1, Amount, Amount);

const test = createTestNamespace();
const fixture = new BusFixture(test);
const exporter = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: 'bus-tracing-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });

afterAll(async () => {
  await fixture.cleanup();
  await tracing.shutdown();
});

function spanNamed(name: string): ReadableSpan | undefined {
  return exporter.getFinishedSpans().find((span) => span.name === name);
}

describe('the bus with tracing on', () => {
  it('continues the trace from a publish to its handler and from the handler to what it publishes', async () => {
    const Accepted = testEvent('traced-accepted');
    const Routed = testEvent('traced-routed');
    const router = await fixture.connect('router');
    router.onEvent(Accepted, async (payload) => {
      await router.publish(Routed, { name: payload.name, n: payload.n + 1 });
    });
    await router.start();
    const tracker = await fixture.connect('tracker');
    const routed: MessageMetadata[] = [];
    tracker.onEvent(Routed, (_payload, context) => {
      routed.push(context.metadata);
    });
    await tracker.start();

    const gateway = await fixture.connect('gateway');
    const traceId = await withSpan({ name: 'request', kind: SpanKind.SERVER }, async (span) => {
      await gateway.publish(Accepted, { name: 'sms', n: 1 });
      return span!.spanContext().traceId;
    });
    await eventually(() => spanNamed(`process ${Routed.type}`));

    const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    const byName = (name: string) => spans.find((span) => span.name === name)!;
    const chain = [
      'request',
      `publish ${Accepted.type}`,
      `process ${Accepted.type}`,
      `publish ${Routed.type}`,
      `process ${Routed.type}`,
    ].map(byName);
    chain.slice(1).forEach((span, index) => expect(span.parentSpanContext?.spanId).toBe(chain[index].spanContext().spanId));
    expect(chain.map((span) => span.kind)).toEqual([SpanKind.SERVER, SpanKind.PRODUCER, SpanKind.CONSUMER, SpanKind.PRODUCER, SpanKind.CONSUMER]);
    expect(chain[2].attributes).toEqual(
      expect.objectContaining({
        'messaging.system': 'rabbitmq',
        'messaging.destination.name': expect.stringContaining('events'),
        'messaging.rabbitmq.destination.routing_key': Accepted.type,
        'messaging.message.id': expect.any(String),
      }),
    );
    expect(routed[0].traceContext).toBeUndefined();
  });

  it('publishes a message prepared earlier (an outbox row) in the trace of the work that prepared it', async () => {
    const Stored = testEvent('traced-stored');
    const consumer = await fixture.connect('stored-consumer');
    consumer.onEvent(Stored, () => undefined);
    await consumer.start();
    const publisher = await fixture.connect('relay');
    const { message, spanId } = await withSpan({ name: 'transaction', kind: SpanKind.INTERNAL }, async (span) => ({
      message: prepareEvent(Stored, { name: 'later', n: 1 }),
      spanId: span!.spanContext().spanId,
    }));
    // As the outbox stores it: JSON in a row, read back by the sweeper.
    const row = JSON.parse(JSON.stringify(message)) as typeof message;
    expect(row.metadata.traceContext?.traceparent).toContain(spanId);
    expect(trace.getActiveSpan()).toBeUndefined();
    await publisher.publishOutgoing([row]);
    const processed = await eventually(() => spanNamed(`process ${Stored.type}`));
    const published = spanNamed(`publish ${Stored.type}`)!;
    expect(published.parentSpanContext?.spanId).toBe(spanId);
    expect(processed.parentSpanContext?.spanId).toBe(published.spanContext().spanId);
  });

  it('gives an RPC a client span and the callee a server span under it, and fails the client span on a remote error', async () => {
    const server = await fixture.connect('doubler');
    server.rpc.handle(Double, ({ amount }) => {
      if (amount < 0) throw new Error('negative');
      return { amount: amount * 2 };
    });
    await server.start();
    const client = await fixture.connect('caller');
    expect(await client.rpc.call(Double, 'doubler', { amount: 21 })).toEqual({ amount: 42 });
    await expect(client.rpc.call(Double, 'doubler', { amount: -1 })).rejects.toThrow('negative');

    const calls = exporter.getFinishedSpans().filter((span) => span.name === `rpc ${Double.type}`);
    const clients = calls.filter((span) => span.kind === SpanKind.CLIENT);
    const servers = calls.filter((span) => span.kind === SpanKind.SERVER);
    expect(clients).toHaveLength(2);
    expect(servers).toHaveLength(2);
    for (const answered of servers) {
      expect(clients.map((span) => span.spanContext().spanId)).toContain(answered.parentSpanContext?.spanId);
    }
    expect(clients.map((span) => span.status.code).sort()).toEqual([0, 2]);
  });
});
