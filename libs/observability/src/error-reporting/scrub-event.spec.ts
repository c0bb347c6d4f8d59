import type { ErrorEvent } from '@sentry/node';
import { reportError, setErrorReporter } from './error-reports';
import { runWithCorrelation } from '../correlation-context';
import { scrubEvent } from './scrub-event';

describe('scrubEvent', () => {
  it('drops request bodies, cookies, credential headers, local variables and fields that hold bodies, codes or secrets', () => {
    const event: ErrorEvent = {
      type: undefined,
      request: {
        url: 'http://127.0.0.1/v1/messages',
        data: '{"to":"+201001234567","body":"hello"}',
        cookies: { session: 'sess-9' },
        query_string: 'token=abc',
        headers: { authorization: 'Bearer jwt', 'X-API-Key': 'zk_live_1', cookie: 'a=b', 'user-agent': 'curl' },
      },
      extra: { message: { body: 'hello', text: 'hi', code: '123456', to: '+20' }, webhookSecret: 'whsec_1', nested: [{ accessToken: 't', password: 'p' }] },
      contexts: { job: { payload: { body: 'x' }, queue: 'ingestion.inbound' } },
      breadcrumbs: [{ message: 'POST /v1/messages body=hello' }],
      exception: { values: [{ type: 'Error', value: 'boom', stacktrace: { frames: [{ function: 'send', vars: { body: 'hello' } }] } }] },
    };

    const scrubbed = JSON.stringify(scrubEvent(event));

    for (const leaked of ['hello', '123456', 'whsec_1', 'Bearer jwt', 'zk_live_1', 'a=b', 'abc', '"t"', '"p"', 'sess-9']) expect(scrubbed).not.toContain(leaked);
    expect(scrubbed).toContain('curl');
    expect(scrubbed).toContain('ingestion.inbound');
    expect(scrubbed).toContain('+20');
  });
});

describe('reportError', () => {
  afterEach(() => setErrorReporter(undefined));

  it('does nothing without a reporter, reports an error once, and takes the tenant and correlation id from the context', () => {
    const error = new Error('boom');
    reportError(error, { source: 'http' });
    const reports: unknown[] = [];
    setErrorReporter((reported, report) => reports.push([reported, report]));

    runWithCorrelation({ correlationId: 'c-1', tenantId: 'org-1' }, () => {
      reportError(error, { source: 'http', tags: { route: 'GET /v1/ping' } });
      reportError(error, { source: 'http' });
    });
    reportError(new Error('bus'), { source: 'bus', tenantId: 'org-2', correlationId: 'c-2' });

    expect(reports).toEqual([
      [error, { source: 'http', tenantId: 'org-1', correlationId: 'c-1', tags: { route: 'GET /v1/ping' } }],
      [expect.any(Error), { source: 'bus', tenantId: 'org-2', correlationId: 'c-2' }],
    ]);
  });
});
