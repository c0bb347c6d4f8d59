import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line and outgoing bus message inherits from the work in progress. */
export interface CorrelationContext {
  correlationId: string;
  tenantId?: string;
  messageId?: string;
  requestId?: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();
let carriedImplicitly = true;

/**
 * For a process that hands its correlation to every call explicitly (the api-gateway): from now on
 * `runWithCorrelation` only runs its work and `currentCorrelation` sees nothing. Node 20 runs the
 * storage's hook for every promise once any context was entered, which cost the gateway about a fifth
 * of its CPU per request.
 */
export function carryCorrelationExplicitly(): void {
  carriedImplicitly = false;
}

export function runWithCorrelation<T>(context: CorrelationContext, work: () => T): T {
  return carriedImplicitly ? storage.run(context, work) : work();
}

export function currentCorrelation(): CorrelationContext | undefined {
  return storage.getStore();
}

/**
 * Adds what is learnt mid-way (the tenant once the caller is authenticated) to the current
 * context, so later log lines and published messages carry it. Outside a context it does nothing.
 */
export function assignCorrelation(fields: Partial<Omit<CorrelationContext, 'correlationId'>>): void {
  const context = storage.getStore();
  if (context) Object.assign(context, fields);
}
