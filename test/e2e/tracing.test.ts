import { generateMobileNumber } from '@zagel/device-simulator';
import { CollectedSpan, OtlpCollector, otpCodeIn, smsTo, TestPlatform, until } from '@zagel/testing';
import { JOURNEY_SETTINGS, ownerWithPhones } from './support/journeys';

// One verification, traced: every service process exports its spans over OTLP/HTTP to a collector in
// this process, and the spans of the send must form one trace across every service the send crosses,
// the phone's ack and report included.

const SERVER = 2;
const collector = new OtlpCollector();
let zagel: TestPlatform;

beforeAll(async () => {
  await collector.start();
  zagel = new TestPlatform({
    services: ['auth', 'api-gateway', 'otp', 'billing', 'ingestion', 'pool-dispatcher', 'device-gateway'],
    // A loaded CI machine can keep a just-started auth from answering the first sign-up within 5 s. Log
    // lines at info, to find the trace id in them.
    settings: { ...JOURNEY_SETTINGS, ...collector.env, RPC_TIMEOUT_MS: '15000', LOG_LEVEL: 'info' },
  });
  await zagel.start();
}, 180_000);
afterAll(async () => {
  await zagel?.stop();
  await collector.stop();
}, 60_000);

/** The spans of a trace once none of them points at a parent the collector has not received (yet). */
function wholeTrace(traceId: string, expected: (spans: CollectedSpan[]) => boolean, what: string): Promise<CollectedSpan[]> {
  return until(
    () => {
      const spans = collector.trace(traceId);
      const ids = new Set(spans.map((span) => span.spanId));
      const orphans = spans.filter((span) => span.parentSpanId !== '' && !ids.has(span.parentSpanId));
      return orphans.length === 0 && expected(spans) ? spans : undefined;
    },
    { what, deadline: 20_000, interval: 100 },
  );
}

/** A consumer's span for a status step: single (`message.status`) or in the dispatcher's `message.statuses`. */
const processesStatus = (span: CollectedSpan) => span.name === 'process message.status' || span.name === 'process message.statuses';

function ancestors(span: CollectedSpan, spans: readonly CollectedSpan[]): CollectedSpan[] {
  const byId = new Map(spans.map((candidate) => [candidate.spanId, candidate]));
  const chain: CollectedSpan[] = [];
  for (let parent = byId.get(span.parentSpanId); parent; parent = byId.get(parent.parentSpanId)) chain.push(parent);
  return chain;
}

describe('a traced verification', () => {
  it('is one trace from the gateway through otp, billing, the router and the phone back to otp and ingestion; its check is a trace of its own', async () => {
    const customer = await zagel.customer({ credit: 1_000 });
    const { phones } = await ownerWithPhones(zagel, 1, { country: 'EG', carrier: 'Vodafone' });
    const to = await generateMobileNumber('EG', 'Vodafone');
    const started = (await customer.app.post('/v1/verifications', { to })).expectStatus(201);
    const { message } = await smsTo(phones, to);

    // The phone was handed the send's trace context with the SMS.
    const traceparent = (message as { traceparent?: string }).traceparent;
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const traceId = traceparent!.split('-')[1];

    const send = await wholeTrace(
      traceId,
      (spans) =>
        ['api-gateway', 'otp', 'billing', 'ingestion', 'pool-dispatcher', 'device-gateway'].every((service) => spans.some((span) => span.service === service)) &&
        spans.some((span) => span.service === 'otp' && processesStatus(span) && ancestors(span, spans).some((parent) => parent.name === 'sms:status')) &&
        spans.some((span) => span.service === 'ingestion' && processesStatus(span)),
      'the send trace to reach otp and ingestion with the phone-reported status',
    );
    // One root: the gateway's HTTP span for the request; every other span's parent is in the trace.
    const roots = send.filter((span) => span.parentSpanId === '');
    expect(roots).toEqual([expect.objectContaining({ service: 'api-gateway', name: 'POST /v1/verifications', kind: SERVER })]);
    expect(roots[0].attributes).toEqual(expect.objectContaining({ 'http.request.method': 'POST', 'http.response.status_code': 201 }));

    // Every bus hop: a producer span and its consumer's child span, with the messaging attributes.
    const requested = send.find((span) => span.service === 'pool-dispatcher' && span.name === 'process message.requested')!;
    expect(requested.attributes).toEqual(
      expect.objectContaining({ 'messaging.system': 'rabbitmq', 'messaging.operation.type': 'process', 'zagel.message.type': 'message.requested', 'messaging.message.id': expect.any(String) }),
    );
    expect(requested.attributes['messaging.rabbitmq.destination.routing_key']).toMatch(/^message\.requested\./);
    const publishedBy = send.find((span) => span.spanId === requested.parentSpanId)!;
    expect(publishedBy).toEqual(expect.objectContaining({ service: 'otp', name: 'publish message.requested' }));
    expect(publishedBy.attributes['messaging.message.id']).toBe(requested.attributes['messaging.message.id']);

    // The phone's way: the push, the ack, the report, and the status it became, in order of descent.
    const status = send.find((span) => span.service === 'otp' && processesStatus(span) && ancestors(span, send).some((parent) => parent.name === 'sms:status'))!;
    const path = ancestors(status, send).reverse().map((span) => `${span.service} ${span.name}`);
    expect(path[0]).toBe('api-gateway POST /v1/verifications');
    expect(path).toEqual(
      expect.arrayContaining(['pool-dispatcher process message.requested', 'device-gateway process device.push', 'device-gateway sms:send', 'device-gateway sms:status', 'pool-dispatcher process device.reports']),
    );
    expect(path.indexOf('device-gateway sms:send')).toBeLessThan(path.indexOf('device-gateway sms:status'));
    expect(send.some((span) => span.service === 'ingestion' && processesStatus(span))).toBe(true);

    // Log lines written for the request carry its trace id.
    expect(zagel.instance('api-gateway').output.some((line) => line.includes(`"trace_id":"${traceId}"`))).toBe(true);

    // The check is another request: a trace of its own, through otp.
    const code = otpCodeIn(message.body);
    const checked = await customer.app.post('/v1/verifications/check', { verificationId: started.id, code });
    expect(checked.expectStatus(200).status).toBe('approved');
    const check = await until(() => collector.spans.find((span) => span.name === 'POST /v1/verifications/check' && span.parentSpanId === ''), {
      what: 'the check request span',
    });
    expect(check.traceId).not.toBe(traceId);
    await wholeTrace(check.traceId, (spans) => spans.some((span) => span.service === 'otp'), 'the check trace to reach otp');
  }, 60_000);
});
