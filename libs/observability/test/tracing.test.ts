import { context, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  captureTraceContext,
  contextFromCarrier,
  correlationMixin,
  injectTraceContext,
  runInTraceContext,
  runWithCorrelation,
  startTracing,
  traceContextOf,
  traceFields,
  tracingEnabled,
  withSpan,
} from '@zagel/observability';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('trace propagation helpers', () => {
  it('do nothing while tracing is off: no header, no carrier, no log fields', async () => {
    expect(tracingEnabled()).toBe(false);
    const headers: Record<string, unknown> = {};
    await withSpan({ name: 'off', kind: SpanKind.INTERNAL }, async (span) => {
      expect(span).toBeUndefined();
      injectTraceContext(headers);
      expect(traceContextOf()).toBeUndefined();
      expect(traceFields()).toEqual({});
      expect(captureTraceContext()).toBeUndefined();
    });
    expect(headers).toEqual({});
    expect(runWithCorrelation({ correlationId: 'c-1' }, correlationMixin)).toEqual({ correlationId: 'c-1' });
  });

  describe('with tracing on', () => {
    const exporter = new InMemorySpanExporter();
    let tracing: ReturnType<typeof startTracing>;

    beforeAll(() => {
      tracing = startTracing({ serviceName: 'propagation-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
    });
    afterAll(() => tracing.shutdown());
    afterEach(() => exporter.reset());

    it('writes the active span as a W3C traceparent, and a carrier continues it in another process', async () => {
      const headers: Record<string, unknown> = { 'x-correlation-id': 'kept' };
      const sent = await withSpan({ name: 'publish', kind: SpanKind.PRODUCER }, async (span) => {
        injectTraceContext(headers);
        return span!.spanContext();
      });
      expect(headers['x-correlation-id']).toBe('kept');
      expect(headers.traceparent).toBe(`00-${sent.traceId}-${sent.spanId}-01`);

      // AMQP may hand a header back as a Buffer.
      const received = { ...headers, traceparent: Buffer.from(String(headers.traceparent)) };
      await withSpan({ name: 'process', kind: SpanKind.CONSUMER, parent: contextFromCarrier(received) }, async () => {
        const [, traceId, spanId] = TRACEPARENT.exec(traceContextOf()!.traceparent)!;
        expect(traceId).toBe(sent.traceId);
        expect(spanId).toBe(trace.getActiveSpan()!.spanContext().spanId);
      });

      const [producer, consumer] = exporter.getFinishedSpans();
      expect(consumer.spanContext().traceId).toBe(producer.spanContext().traceId);
      expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
      expect(consumer.parentSpanContext?.isRemote).toBe(true);
      expect(consumer.resource.attributes['service.name']).toBe('propagation-test');
    });

    it('keeps tracestate, and a carrier without a traceparent starts a new trace instead of joining the active one', async () => {
      const carrier = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'vendor=opaque' };
      await withSpan({ name: 'outer', kind: SpanKind.INTERNAL }, async () => {
        const continued = contextFromCarrier(carrier);
        expect(traceContextOf(continued)).toEqual(carrier);
        const fresh = contextFromCarrier({ 'x-correlation-id': 'no trace here' });
        expect(trace.getSpan(fresh)).toBeUndefined();
        expect(traceContextOf(fresh)).toBeUndefined();
      });
    });

    it('puts trace_id and span_id on log lines written inside a span', async () => {
      await withSpan({ name: 'logged', kind: SpanKind.INTERNAL }, async (span) => {
        const { traceId, spanId } = span!.spanContext();
        expect(traceFields()).toEqual({ trace_id: traceId, span_id: spanId });
        expect(runWithCorrelation({ correlationId: 'c-2' }, correlationMixin)).toEqual({ correlationId: 'c-2', trace_id: traceId, span_id: spanId });
      });
      expect(traceFields()).toEqual({});
    });

    it('hands a captured context to work that runs later, elsewhere', async () => {
      let later: ReturnType<typeof captureTraceContext>;
      const traceId = await withSpan({ name: 'request', kind: SpanKind.SERVER }, async (span) => {
        later = captureTraceContext();
        return span!.spanContext().traceId;
      });
      expect(trace.getActiveSpan()).toBeUndefined();
      runInTraceContext(later, () => expect(trace.getActiveSpan()?.spanContext().traceId).toBe(traceId));
      expect(context.active()).not.toBe(later);
    });

    it('records a failure on the span and rethrows it', async () => {
      await expect(withSpan({ name: 'failing', kind: SpanKind.INTERNAL }, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      const [failed] = exporter.getFinishedSpans();
      expect(failed.status).toEqual({ code: 2, message: 'boom' });
      expect(failed.events.map((event) => event.name)).toEqual(['exception']);
    });
  });
});
