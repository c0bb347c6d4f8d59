import { advances, isTerminal } from './message-status-rank';

describe('message status rank', () => {
  it('moves forward only', () => {
    expect(advances('queued', 'routing')).toBe(true);
    expect(advances('queued', 'delivered')).toBe(true);
    expect(advances('routing', 'sent')).toBe(true);
    expect(advances('sent', 'routing')).toBe(false);
    expect(advances('sent', 'sent')).toBe(false);
  });

  it('keeps a delivered message delivered when its sent report arrives late', () => {
    expect(advances('delivered', 'sent')).toBe(false);
  });

  it('never leaves a terminal status', () => {
    for (const terminal of ['delivered', 'undelivered', 'failed', 'canceled', 'expired'] as const) {
      expect(isTerminal(terminal)).toBe(true);
      expect(advances(terminal, 'delivered')).toBe(false);
      expect(advances(terminal, 'failed')).toBe(false);
    }
    expect(isTerminal('sent')).toBe(false);
  });
});
