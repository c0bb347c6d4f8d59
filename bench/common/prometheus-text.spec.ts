import { parsePrometheusText } from './prometheus-text';

describe('parsePrometheusText', () => {
  const text = [
    '# HELP zagel_bus_consumed_total Deliveries received',
    '# TYPE zagel_bus_consumed_total counter',
    'zagel_bus_consumed_total{service="otp",queue="t1.zagel.otp",type="message.status.sent",outcome="ack"} 12',
    'zagel_bus_consumed_total{service="otp",queue="t1.zagel.otp",type="a \\"quoted\\" type",outcome="dead"} 1',
    'zagel_db_round_trips_total{service="otp"} 340',
    'zagel_redis_commands_total 7',
    'process_cpu_seconds_total{service="otp"} 1.5',
    '',
  ].join('\n');

  it('reads names, labels and values, skipping comments', () => {
    expect(parsePrometheusText(text)).toEqual([
      { name: 'zagel_bus_consumed_total', labels: { service: 'otp', queue: 't1.zagel.otp', type: 'message.status.sent', outcome: 'ack' }, value: 12 },
      { name: 'zagel_bus_consumed_total', labels: { service: 'otp', queue: 't1.zagel.otp', type: 'a "quoted" type', outcome: 'dead' }, value: 1 },
      { name: 'zagel_db_round_trips_total', labels: { service: 'otp' }, value: 340 },
      { name: 'zagel_redis_commands_total', labels: {}, value: 7 },
      { name: 'process_cpu_seconds_total', labels: { service: 'otp' }, value: 1.5 },
    ]);
  });

  it('keeps only the metrics asked for', () => {
    const names = new Set(['zagel_redis_commands_total', 'zagel_db_round_trips_total']);
    expect(parsePrometheusText(text, names).map((sample) => [sample.name, sample.value])).toEqual([
      ['zagel_db_round_trips_total', 340],
      ['zagel_redis_commands_total', 7],
    ]);
  });
});
