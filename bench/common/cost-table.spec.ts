import { costRows } from './cost-table';
import { PlatformCosts } from './platform-costs';

describe('costRows', () => {
  const costs: PlatformCosts = {
    seconds: 2,
    processes: [
      {
        name: 'otp',
        cpuSeconds: 1,
        postgresCpuSeconds: 0.5,
        counters: {
          dbRoundTrips: 200,
          redisCommands: 100,
          published: new Map([['message.requested', 100]]),
          consumed: new Map([['zagel.otp.rpc otp.start-verification', 100]]),
          dropped: new Map(),
        },
      },
      {
        name: 'billing',
        cpuSeconds: 0.5,
        counters: { dbRoundTrips: 300, redisCommands: 0, published: new Map(), consumed: new Map([['zagel.billing.rpc billing.reserve', 100]]), dropped: new Map([['zagel.billing x', 50]]) },
      },
      { name: 'rabbitmq (shared)', cpuSeconds: 0.25, shared: true },
    ],
  };

  it('divides each figure by the unit count and totals every process', () => {
    expect(costRows(costs, 100)).toEqual([
      ['otp', '10.00', '0.50', '5.00', '2.00', '1.00', '1.00', '1.00', '0.00'],
      ['billing', '5.00', '0.25', '', '3.00', '0.00', '0.00', '1.00', '0.50'],
      ['rabbitmq (shared)', '2.50', '0.13', '', '', '', '', '', ''],
      ['total, own processes', '15.00', '0.75', '', '5.00', '1.00', '1.00', '2.00', '0.50'],
      ['total, with the shared servers', '17.50', '0.88', '', '5.00', '1.00', '1.00', '2.00', '0.50'],
    ]);
  });
});
