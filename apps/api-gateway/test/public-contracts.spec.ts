import { answeredAtTheEdge } from '../src/public-http/public-shapes';
import { checkPublicClass, Finding } from './public-contracts/contract-derivation';
import { AnyClass, resolveType } from './public-contracts/property-rules';
import { PublicRoute, publicRoutes } from './public-contracts/public-routes';

/** The only responses with no service behind them (a decorator in the code says why); any other is derived. */
const ANSWERED_AT_THE_EDGE = ['PhoneNumberResponse', 'PingResponse'];

const isSuccess = (status: string) => status.startsWith('2');

let routes: PublicRoute[];
let requestFindings: Finding[];
let responseFindings: Finding[];
/** Every class the document names: bodies, queries, responses and the classes nested in them. */
const documented = new Set<AnyClass>();

beforeAll(async () => {
  routes = await publicRoutes();
  requestFindings = routes.flatMap((route) => [
    ...(route.body ? checkPublicClass(route.body, `${route.name} request body`, documented) : []),
    ...(route.query ? checkPublicClass(route.query, `${route.name} query`, documented) : []),
  ]);
  responseFindings = routes.flatMap((route) =>
    (route.signedWebhook ? [] : route.responses)
      .filter(({ status }) => isSuccess(status) && status !== '204')
      .flatMap(({ status, type }): Finding[] => {
        const where = `${route.name} ${status} response`;
        const response = resolveType(type);
        if (typeof response !== 'function') return [{ where, problem: 'documents no response class' }];
        return checkPublicClass(response as AnyClass, where, documented);
      }),
  );
});

const describeFindings = (findings: Finding[]) => findings.map(({ where, problem }) => `${where} ${problem}`);

describe('the public API is derived from the bus contracts', () => {
  it('finds the documented routes', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.map((route) => route.name)).toEqual(expect.arrayContaining(['POST /v1/verifications', 'GET /v1/verifications', 'GET /v1/messages/{id}', 'GET /.well-known/jwks.json']));
  });

  it('takes every request body and query from a contract class, rules and documentation alike', () => {
    expect(describeFindings(requestFindings)).toEqual([]);
  });

  it('documents every success response with a class derived from a contract', () => {
    expect(describeFindings(responseFindings)).toEqual([]);
    const undocumented = routes.filter((route) => !route.responses.some(({ status }) => isSuccess(status)));
    expect(undocumented.map((route) => `${route.name} documents no success response`)).toEqual([]);
  });

  it('answers only the known edge-only responses without a contract', () => {
    const edgeOnly = [...documented].filter((type) => answeredAtTheEdge(type) !== undefined);
    expect(edgeOnly.map((type) => type.name).sort()).toEqual(ANSWERED_AT_THE_EDGE);
  });

  it('gives every documented class a name of its own (the document keys schemas by class name)', () => {
    const byName = new Map<string, AnyClass[]>();
    for (const type of documented) byName.set(type.name, [...(byName.get(type.name) ?? []), type]);
    expect([...byName].filter(([, types]) => types.length > 1).map(([name]) => name)).toEqual([]);
  });
});
