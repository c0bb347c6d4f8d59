import { useState } from 'react';
import { useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { TableScroll } from '../../components/table-scroll';

/** Operators: the device pools per country and carrier (`GET /v1/admin/pools?country`, every 5 s). */
export function PoolsPage() {
  const [country, setCountry] = useState('');
  const wanted = /^[a-z]{2}$/i.test(country.trim()) ? country.trim().toUpperCase() : '';
  const pools = useApiQuery(['admin', 'pools', wanted], (api) => (wanted ? api.get(`/v1/admin/pools?country=${wanted}`) : api.get('/v1/admin/pools')), { refetchInterval: 5_000 });
  return (
    <section aria-labelledby="pools-title">
      <h1 id="pools-title">Device pools</h1>
      <div className="filters">
        <label>
          Country (two letters, e.g. EG)
          <input value={country} onChange={(event) => setCountry(event.target.value)} maxLength={2} />
        </label>
      </div>
      <ProblemMessage error={pools.error} />
      {pools.data && pools.data.items.length === 0 && <p>No phone in any pool{wanted ? ` in ${wanted}` : ''} yet: pools fill as phone owners register and connect phones.</p>}
      {pools.data && pools.data.items.length > 0 && (
        <TableScroll label="Pools by country and carrier">
          <table>
            <caption>Pools by country and carrier</caption>
            <thead>
              <tr>
                <th scope="col">Country</th>
                <th scope="col">Carrier</th>
                <th scope="col">Phones online</th>
                <th scope="col">Available now</th>
                <th scope="col">Quota left (24 h)</th>
                <th scope="col">In flight</th>
                <th scope="col">Quarantined</th>
              </tr>
            </thead>
            <tbody>
              {pools.data.items.map((pool) => (
                <tr key={`${pool.country}:${pool.carrier ?? ''}`}>
                  <td>{pool.country}</td>
                  <td>{pool.carrier ?? 'country pool (any carrier)'}</td>
                  <td>{pool.onlinePhones}</td>
                  <td>{pool.availablePhones}</td>
                  <td>{pool.quotaLeftToday}</td>
                  <td>{pool.inFlightLeases}</td>
                  <td>{pool.quarantinedPhones}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
