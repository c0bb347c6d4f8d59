import { Client } from 'pg';
import { Counter, register } from 'prom-client';

export const DB_ROUND_TRIPS = 'zagel_db_round_trips_total';

/** On prom-client's default registry (the service's `/metrics`); `service` comes from its default labels. */
export const dbRoundTrips: Counter =
  (register.getSingleMetric(DB_ROUND_TRIPS) as Counter | undefined) ??
  new Counter({ name: DB_ROUND_TRIPS, help: 'Queries sent to PostgreSQL (each query() call, COPY included)' });

type Query = (this: Client, ...args: unknown[]) => unknown;
const sendQuery = Client.prototype.query as unknown as Query;

/**
 * The pg client every pooled connection of a service data source uses (pg-pool's `Client`
 * option): each `query()` is one round trip to the server, whatever TypeORM, a repository, raw
 * SQL or a COPY stream sent through it; a transaction's BEGIN and COMMIT count as theirs.
 */
export class RoundTripCountingClient extends Client {}

Object.defineProperty(RoundTripCountingClient.prototype, 'query', {
  value: function countedQuery(this: Client, ...args: unknown[]): unknown {
    dbRoundTrips.inc();
    return sendQuery.apply(this, args);
  },
  writable: true,
  configurable: true,
});
