import { advances } from './delivery-status';

describe('advances', () => {
  it('moves forward only, and never away from a final status', () => {
    expect(advances('pending', 'sent')).toBe(true);
    expect(advances('sent', 'delivered')).toBe(true);
    expect(advances('pending', 'delivered')).toBe(true);
    expect(advances('delivered', 'undelivered')).toBe(false);
    expect(advances('delivered', 'sent')).toBe(false);
    expect(advances('sent', 'sent')).toBe(false);
    expect(advances('failed', 'delivered')).toBe(false);
  });
});
