import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InboundSmsReceived } from '@zagel/contracts';
import { newMetadata } from '@zagel/messaging';
import { SentryInbox, TestPlatform, until } from '@zagel/testing';

// Unhandled errors reach Sentry (here a local endpoint that speaks Sentry's envelope protocol) with
// the service, tenant and correlation id as tags, and without the message's body or any secret.

const inbox = new SentryInbox();
let platform: TestPlatform;

const BODY = 'Your order 4471 ships today, door code 9931';
const SECRET = `zk_live_${randomUUID()}`;

beforeAll(async () => {
  await inbox.start();
  platform = new TestPlatform({ services: ['ingestion'], settings: { SENTRY_DSN: inbox.dsn, SENTRY_ENVIRONMENT: 'e2e' } });
  await platform.start();
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  await inbox.stop();
}, 60_000);

describe('error reports', () => {
  it('capture a poison bus message (dead-lettered as invalid) with its tenant and correlation id, never its body or secrets', async () => {
    const tenantId = randomUUID();
    const correlationId = randomUUID();
    const probe = await platform.probe({ service: 'provider-sender' });
    // An inbound SMS as a provider-sender on another schema version might publish it: no valid receivedAt.
    const metadata = newMetadata(InboundSmsReceived, { tenantId, correlationId });
    const payload = { dedupeKey: `dk-${correlationId}`, channel: 'provider', providerKind: 'twilio', from: '+201001234567', body: BODY, receivedAt: 'yesterday', apiKey: SECRET };
    const report = await probe.bus.publishOutgoing([{ destination: { kind: 'event' }, metadata, payload }]);
    expect(report.failed).toEqual([]);

    const { event, raw, envelope } = await until(() => inbox.events.find(({ event }) => (event.tags as Record<string, string>)?.correlationId === correlationId), {
      what: 'the error report of the poison message',
    });

    expect(envelope.path).toBe('/api/1/envelope/');
    expect(event).toMatchObject({
      level: 'error',
      environment: 'e2e',
      tags: {
        service: 'ingestion',
        source: 'bus',
        tenantId,
        correlationId,
        messageId: metadata.messageId,
        messageType: InboundSmsReceived.type,
        outcome: 'invalid_payload',
      },
      exception: { values: [expect.objectContaining({ type: 'ContractViolation', value: expect.stringContaining('receivedAt') })] },
    });
    expect(raw).not.toContain(BODY);
    expect(raw).not.toContain('9931');
    expect(raw).not.toContain(SECRET);
  });

  it('capture an unhandled rejection, then the process exits as Node would', async () => {
    const observability = join(__dirname, '../../dist/libs/observability/src/index.js');
    const script = `
      const { startErrorReporting, runWithCorrelation } = require(${JSON.stringify(observability)});
      startErrorReporting({ dsn: process.env.SENTRY_DSN, service: 'billing', instanceId: 'billing-1' });
      const failure = new Error('ledger write failed');
      failure.request = { body: ${JSON.stringify(BODY)}, headers: { authorization: 'Bearer ${SECRET}' } };
      runWithCorrelation({ correlationId: 'corr-rejection', tenantId: 'org-7' }, () => Promise.reject(failure));
    `;
    const exit = await promisify(execFile)(process.execPath, ['-e', script], { env: { ...process.env, SENTRY_DSN: inbox.dsn } }).then(
      () => 0,
      (error: { code?: number }) => error.code,
    );

    expect(exit).toBe(1);
    const { event, raw } = await until(() => inbox.events.find(({ event }) => (event.tags as Record<string, string>)?.service === 'billing'), {
      what: 'the report of the unhandled rejection',
    });
    expect(event).toMatchObject({ level: 'fatal', server_name: 'billing-1', exception: { values: [expect.objectContaining({ value: 'ledger write failed' })] } });
    expect(raw).not.toContain(BODY);
    expect(raw).not.toContain(SECRET);
  });
});
