import { busMetrics, countDroppedMessage } from './bus-metrics';

async function valueOf(labels: { queue: string; type: string }): Promise<number> {
  const { values } = await busMetrics.dropped.get();
  return values.find((value) => value.labels.queue === labels.queue && value.labels.type === labels.type)?.value ?? 0;
}

describe('zagel_bus_dropped_total', () => {
  it('counts each ignored delivery by queue and type', async () => {
    countDroppedMessage({ queue: 'zagel.billing', type: 'message.status.sent' });
    countDroppedMessage({ queue: 'zagel.billing', type: 'message.status.sent' });
    countDroppedMessage({ queue: 'zagel.otp', type: 'message.status.sent' });

    expect(await valueOf({ queue: 'zagel.billing', type: 'message.status.sent' })).toBe(2);
    expect(await valueOf({ queue: 'zagel.otp', type: 'message.status.sent' })).toBe(1);
    expect(await valueOf({ queue: 'zagel.otp', type: 'message.status.delivered' })).toBe(0);
  });
});
