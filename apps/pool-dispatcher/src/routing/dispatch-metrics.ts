import { Counter, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames });
}

export const dispatchMetrics = {
  routed: counter('zagel_dispatch_routed_total', 'Messages routed, by where they went', ['route']),
  leaseFailures: counter('zagel_dispatch_lease_failures_total', 'Leases that ended without a send, by reason', ['reason']),
  lateReports: counter('zagel_dispatch_late_reports_total', 'Phone reports for a lease that was already closed', ['report']),
};
