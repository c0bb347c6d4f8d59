import { DeliveryReport, ProviderError } from '../provider-adapter';
import { signSimulatorReport, SimulatorAdapter } from './simulator.adapter';

const sms = (to = '+12025550123') => ({ messageId: 'm1', to, body: 'hi', encoding: 'GSM-7' as never, segments: 1 });

describe('SimulatorAdapter', () => {
  it('fails transiently the first N times, then accepts', async () => {
    const adapter = new SimulatorAdapter({ failTransientlyTimes: 2 }, { onReport: () => undefined });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient' });
    await expect(adapter.send(sms())).rejects.toBeInstanceOf(ProviderError);
    await expect(adapter.send(sms())).resolves.toEqual({ providerMessageId: 'sim-m1' });
  });

  it('fails numbers with a configured suffix permanently as invalid', async () => {
    const adapter = new SimulatorAdapter({ invalidNumberSuffixes: ['99'] }, { onReport: () => undefined });
    await expect(adapter.send(sms('+12025550199'))).rejects.toMatchObject({ kind: 'permanent', code: 'invalid_number' });
  });

  it('reports through the context after the configured delay', async () => {
    jest.useFakeTimers();
    try {
      const reports: DeliveryReport[] = [];
      const adapter = new SimulatorAdapter({ reportDelayMs: 10, undeliveredSuffixes: ['7'] }, { onReport: (report) => reports.push(report) });
      await adapter.send(sms('+12025550127'));
      await jest.advanceTimersByTimeAsync(9);
      expect(reports).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(reports).toEqual([expect.objectContaining({ providerMessageId: 'sim-m1', status: 'undelivered' })]);
      await adapter.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('verifies signed webhook reports and refuses malformed ones', () => {
    const adapter = new SimulatorAdapter({ webhookSecret: 'k' }, { onReport: () => undefined });
    const rawBody = JSON.stringify({ providerMessageId: 'sim-1', status: 'delivered' });
    const request = { method: 'POST', url: 'http://x', headers: { 'x-simulator-signature': signSimulatorReport('k', rawBody) }, rawBody, query: {} };
    expect(adapter.verifyReport(request)).toBe(true);
    expect(adapter.verifyReport({ ...request, headers: { 'x-simulator-signature': 'bad' } })).toBe(false);
    expect(adapter.parseReport(request)).toEqual([{ providerMessageId: 'sim-1', status: 'delivered' }]);
    expect(() => adapter.parseReport({ ...request, rawBody: '{"status":"lost"}' })).toThrow();
  });
});
