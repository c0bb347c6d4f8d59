import { Counter, Gauge, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[] = []): Counter {
  return (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames });
}

function gauge(name: string, help: string): Gauge {
  return (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help });
}

/** The gateway's Prometheus metrics (on the default registry, served at /metrics). */
export const deviceGatewayMetrics = {
  connectedDevices: gauge('zagel_device_gateway_connected_devices', 'Phones connected to this instance'),
  handshakesRefused: counter('zagel_device_gateway_handshakes_refused_total', 'Connections refused at the handshake', ['reason']),
  pushes: counter('zagel_device_gateway_pushes_total', 'device.push commands by outcome', ['outcome']),
  acks: counter('zagel_device_gateway_acks_total', 'sms:send acks from phones', ['accepted']),
  ackTimeouts: counter('zagel_device_gateway_ack_timeouts_total', 'sms:send pushes the phone did not ack in time'),
  statusReports: counter('zagel_device_gateway_status_reports_total', 'sms:status reports by outcome', ['outcome']),
  receivedReports: counter('zagel_device_gateway_received_reports_total', 'sms:received reports by outcome', ['outcome']),
  rejectedEvents: counter('zagel_device_gateway_rejected_events_total', 'Phone events refused', ['reason']),
  leasesReturned: counter('zagel_device_gateway_leases_returned_total', 'Leases handed back to the dispatcher', ['reason']),
};
