/** One call the page made, as the API would read it. */
export interface ApiCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body?: unknown;
}

/** What the stand-in answers: a JSON body for a 2xx, a problem+json body otherwise, nothing for a 204. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
}

/**
 * A stand-in for the API's fetch for component specs: every call recorded, answered by `answer`
 * (404 `not_found` problem for a call it does not know), with the content types the gateway sends.
 */
export function fakeApi(answer: (call: ApiCall) => FakeAnswer | undefined) {
  const calls: ApiCall[] = [];
  const fetch = jest.fn(async (url: string, init: { method: string; body?: string }) => {
    const parsed = new URL(url);
    const call: ApiCall = { method: init.method, path: parsed.pathname, query: parsed.searchParams, body: init.body ? (JSON.parse(init.body) as unknown) : undefined };
    calls.push(call);
    const { status, body } = answer(call) ?? { status: 404, body: { code: 'not_found', detail: `no ${call.method} ${call.path}` } };
    const type = status >= 400 ? 'application/problem+json' : 'application/json';
    return {
      status,
      headers: { get: (name: string) => (name === 'content-type' && body !== undefined ? type : null) },
      text: async () => (body === undefined ? '' : JSON.stringify(body)),
    };
  });
  return { calls, fetch, callsTo: (method: string, path: string) => calls.filter((call) => call.method === method && call.path === path) };
}
