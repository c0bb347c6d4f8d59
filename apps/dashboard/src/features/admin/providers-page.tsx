import { useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { percent } from '../devices/earnings';
import { TableScroll } from '../../components/table-scroll';

const latency = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : `${Math.round(ms)} ms`);

/**
 * Operators: provider accounts with their health and circuit state (`GET /v1/admin/providers`, every
 * 10 s), and the routes whose chains give each provider its priority (`GET /v1/admin/routes`).
 */
export function ProvidersPage() {
  const providers = useApiQuery(['admin', 'providers'], (api) => api.get('/v1/admin/providers'), { refetchInterval: 10_000 });
  const routes = useApiQuery(['admin', 'routes'], (api) => api.get('/v1/admin/routes'));
  const names = new Map(providers.data?.items.map((provider) => [provider.id, provider.name]));
  return (
    <section aria-labelledby="providers-title">
      <h1 id="providers-title">Providers</h1>
      <ProblemMessage error={providers.error} />
      {providers.data && providers.data.items.length === 0 && <p>No provider account yet: add one with POST /v1/admin/providers, then route traffic to it.</p>}
      {providers.data && providers.data.items.length > 0 && (
        <TableScroll label="Provider accounts">
          <table>
            <caption>Provider accounts</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Enabled</th>
                <th scope="col">Circuit</th>
                <th scope="col">Success rate</th>
                <th scope="col">Sent</th>
                <th scope="col">Failed</th>
                <th scope="col">Latency p50 / p95</th>
              </tr>
            </thead>
            <tbody>
              {providers.data.items.map((provider) => (
                <tr key={provider.id}>
                  <td>{provider.name}</td>
                  <td>{provider.kind}</td>
                  <td>{provider.enabled ? 'yes' : 'no'}</td>
                  <td data-circuit={provider.health?.circuit}>{provider.health?.circuit.replace('_', '-') ?? 'unknown'}</td>
                  <td>{percent(provider.health?.successRate)}</td>
                  <td>{provider.health?.sent ?? '–'}</td>
                  <td>{provider.health?.failed ?? '–'}</td>
                  <td>
                    {latency(provider.health?.latencyP50Ms)} / {latency(provider.health?.latencyP95Ms)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>Routes (priority order)</h2>
      <ProblemMessage error={routes.error} />
      {routes.data && routes.data.items.length === 0 && <p>No route yet: add one with POST /v1/admin/routes to choose which providers carry a country&apos;s traffic.</p>}
      {routes.data && routes.data.items.length > 0 && (
        <TableScroll label="Routes">
          <table>
            <caption>Routes: the provider chain tried in order, the most specific route first</caption>
            <thead>
              <tr>
                <th scope="col">Country</th>
                <th scope="col">Message type</th>
                <th scope="col">Organization</th>
                <th scope="col">Providers, first tried first</th>
              </tr>
            </thead>
            <tbody>
              {routes.data.items.map((route) => (
                <tr key={route.id}>
                  <td>{route.country}</td>
                  <td>{route.messageType ?? 'any'}</td>
                  <td>{route.organizationId ?? 'every organization'}</td>
                  <td>{route.providers.map((id, index) => `${index + 1}. ${names.get(id) ?? id}`).join(' → ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
