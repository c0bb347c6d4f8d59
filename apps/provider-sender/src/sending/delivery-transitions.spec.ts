import { MAX_BATCH_RECIPIENTS, MessageStatusPayload } from '@zagel/contracts';
import { statusBatches } from './delivery-transitions';

const step = (index: number, status: MessageStatusPayload['status']): MessageStatusPayload => ({
  messageId: `00000000-0000-7000-8000-${String(index).padStart(12, '0')}`,
  organizationId: '00000000-0000-7000-8000-00000000000a',
  status,
  origin: 'api',
  route: 'provider',
  at: '2026-12-03T10:00:00.000Z',
});

describe('statusBatches', () => {
  it('cuts at most MAX_BATCH_RECIPIENTS items per batch, in order', () => {
    const moves = Array.from({ length: 1_001 }, (_, index) => [step(index, 'sent')]);
    const batches = statusBatches(moves);
    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 1]);
    expect(batches.flat().map((item) => item.messageId)).toEqual(moves.flat().map((item) => item.messageId));
  });

  it("never separates one message's moves (its sent and an early delivered)", () => {
    const moves = Array.from({ length: 300 }, (_, index) => [step(index, 'sent'), step(index, 'delivered')]);
    const batches = statusBatches(moves);
    expect(batches.every((batch) => batch.length <= MAX_BATCH_RECIPIENTS)).toBe(true);
    expect(batches.map((batch) => batch.length)).toEqual([500, 100]);
    for (const batch of batches) {
      const ids = new Set(batch.map((item) => item.messageId));
      for (const id of ids) expect(batch.filter((item) => item.messageId === id).map((item) => item.status)).toEqual(['sent', 'delivered']);
    }
  });
});
