import { randomUUID } from 'node:crypto';
import { GetMessage, MessageMetadata } from '@zagel/contracts';
import { flushErrorReports, startErrorReporting } from '@zagel/observability';
import { PublicApiClient } from '@zagel/sdk';
import { loadServiceSettings, RunningService, startService } from '@zagel/service';
import { SentryInbox, TestPlatform, until } from '@zagel/testing';
import { apiGatewayApp } from '../src/api-gateway.app';
import { ApiGatewayConfig } from '../src/config';
import { FakeAuth } from './edge-support/fake-auth';

// The gateway enters no AsyncLocalStorage: each request's ids and tenant travel by hand. A stand-in
// for ingestion records what each RPC carried; a message id it does not know makes it fail, which the
// gateway answers with 500 and reports to Sentry (a local endpoint speaking its envelope protocol).

const FAILING_MESSAGE = randomUUID();

const platform = new TestPlatform({ services: [] });
const inbox = new SentryInbox();
let auth: FakeAuth;
let gateway: RunningService<ApiGatewayConfig>;
let api: PublicApiClient;
const calls: { messageId: string; metadata: MessageMetadata }[] = [];

beforeAll(async () => {
  await Promise.all([platform.start(), inbox.start()]);
  auth = await FakeAuth.start(platform);
  await platform.probe({
    service: 'ingestion',
    plays: (bus) => {
      bus.rpc.handle(GetMessage, ({ messageId }, { metadata }) => {
        calls.push({ messageId, metadata });
        throw Object.assign(new Error(messageId === FAILING_MESSAGE ? 'the message store is down' : 'not here'), {
          code: messageId === FAILING_MESSAGE ? undefined : 'message_not_found',
        });
      });
    },
  });
  startErrorReporting({ dsn: inbox.dsn, service: 'api-gateway', instanceId: 'api-gateway-test', environment: 'test', release: 'test' });
  gateway = await startService(apiGatewayApp, loadServiceSettings(apiGatewayApp, { ...platform.env, PORT: '0' }), '127.0.0.1');
  api = new PublicApiClient({ baseUrl: gateway.url, retry: false }).as({ apiKey: auth.addApiKey(['messages:read']).key });
}, 60_000);

afterAll(async () => {
  await gateway?.app.close();
  await Promise.all([platform.stop(), inbox.stop()]);
});

describe("a request's correlation at the gateway", () => {
  it('reaches the service it calls: the X-Correlation-ID and the caller’s organization', async () => {
    const messageId = randomUUID();
    const correlationId = randomUUID();

    (await api.request('GET', `/v1/messages/${messageId}`, { headers: { 'x-correlation-id': correlationId } })).expectStatus(404);

    const call = calls.find((seen) => seen.messageId === messageId);
    expect(call?.metadata).toMatchObject({ correlationId, tenantId: auth.organizationId });
  });

  it('is a fresh id per request when the caller sends none: the request id', async () => {
    const [first, second] = [randomUUID(), randomUUID()];

    const answers = await Promise.all([first, second].map((id) => api.request('GET', `/v1/messages/${id}`)));

    const carried = [first, second].map((id) => calls.find((seen) => seen.messageId === id)?.metadata.correlationId);
    expect(carried).toEqual(answers.map((answer) => answer.headers.get('x-request-id')));
    expect(carried[0]).not.toBe(carried[1]);
  });

  it('tags the report of a 500 with the tenant, the correlation id and the route', async () => {
    const correlationId = randomUUID();

    const answer = await api.request('GET', `/v1/messages/${FAILING_MESSAGE}`, { headers: { 'x-correlation-id': correlationId } });
    await flushErrorReports();

    expect(answer.status).toBe(500);
    // The stand-in's own RPC server, in this process, reports the failure too (source: bus).
    const { event } = await until(
      () => inbox.events.find(({ event }) => {
        const tags = event.tags as Record<string, string> | undefined;
        return tags?.source === 'http' && tags.correlationId === correlationId;
      }),
      { what: "the gateway's report of the 500" },
    );
    expect(event.tags).toMatchObject({ tenantId: auth.organizationId, source: 'http', route: 'GET /v1/messages/:id', status: '500' });
  });
});
