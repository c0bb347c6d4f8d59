/** One request a page made, as the fake API saw it. */
export interface ApiCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body?: unknown;
}

/** How the fake answers a call: a status and a JSON body, or undefined for a 404 problem. */
export type FakeRoute = (call: ApiCall) => [status: number, body: unknown] | undefined;

/**
 * A stand-in for the API's fetch that records every call and answers through `route`; statuses
 * of 400 and above go out as application/problem+json, as the gateway sends them.
 */
export function fakeApi(route: FakeRoute) {
  const calls: ApiCall[] = [];
  const fetch = jest.fn(async (url: string, init: { method: string; body?: string }) => {
    const address = new URL(url);
    const call: ApiCall = { method: init.method, path: address.pathname, query: address.searchParams, body: init.body ? (JSON.parse(init.body) as unknown) : undefined };
    calls.push(call);
    const [status, body] = route(call) ?? [404, { code: 'not_found', detail: `no ${call.method} ${call.path}` }];
    const type = status >= 400 ? 'application/problem+json' : 'application/json';
    return { status, headers: { get: (name: string) => (name === 'content-type' ? type : null) }, text: async () => (body === undefined ? '' : JSON.stringify(body)) };
  });
  return { calls, fetch, callsTo: (method: string, path: string) => calls.filter((call) => call.method === method && call.path === path) };
}
