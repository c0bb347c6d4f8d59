import { answeredAtTheEdge } from '../src/public-http/public-shapes';
import { checkPublicClass, Finding } from './public-contracts/contract-derivation';
import { resolveType } from './public-contracts/property-rules';
import { PublicRoute, publicRoutes } from './public-contracts/public-routes';

/** The only responses with no service behind them (a decorator in the code says why); any other is derived. */
const ANSWERED_AT_THE_EDGE = ['PhoneNumberResponse', 'PingResponse'];

let routes: PublicRoute[];

beforeAll(async () => {
  routes = await publicRoutes();
});

const describeFindings = (findings: Finding[]) => findings.map(({ where, problem }) => `${where} ${problem}`);

describe('the public API is derived from the bus contracts', () => {
  it('finds the documented routes', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.map((route) => route.name)).toEqual(expect.arrayContaining(['POST /v1/verifications', 'GET /v1/messages/{id}', 'GET /.well-known/jwks.json']));
  });

  it('takes every request body and query from a contract class, rules and documentation alike', () => {
    const checked = new Set<never>();
    const findings = routes.flatMap((route) => [
      ...(route.body ? checkPublicClass(route.body, `${route.name} request body`, checked) : []),
      ...(route.query ? checkPublicClass(route.query, `${route.name} query`, checked) : []),
    ]);
    expect(describeFindings(findings)).toEqual([]);
  });

  it('documents every success response with a class derived from a contract', () => {
    const checked = new Set<never>();
    const findings = routes.flatMap((route) =>
      route.responses
        .filter(({ status }) => status.startsWith('2') && status !== '204')
        .flatMap(({ status, type }): Finding[] => {
          const where = `${route.name} ${status} response`;
          const documented = resolveType(type);
          if (typeof documented !== 'function') return [{ where, problem: 'documents no response class' }];
          return checkPublicClass(documented as never, where, checked);
        }),
    );
    const undocumented = routes.filter((route) => !route.responses.some(({ status }) => status.startsWith('2')));
    expect(describeFindings(findings)).toEqual([]);
    expect(undocumented.map((route) => `${route.name} documents no success response`)).toEqual([]);
  });

  it('answers only the known edge-only responses without a contract', () => {
    const edgeOnly = routes.flatMap((route) =>
      route.responses.map(({ type }) => resolveType(type)).filter((type): type is never => typeof type === 'function' && answeredAtTheEdge(type) !== undefined),
    );
    expect([...new Set(edgeOnly.map((type: { name: string }) => type.name))].sort()).toEqual(ANSWERED_AT_THE_EDGE);
  });
});
