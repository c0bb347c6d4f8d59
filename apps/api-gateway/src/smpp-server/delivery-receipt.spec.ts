import { receiptDeliverSm, receiptText } from './delivery-receipt';

const receipt = {
  messageId: '0190a6f2-7c3e-7abc-8def-0123456789c0',
  organizationId: '0190a6f2-7c3e-7abc-8def-0123456789c1',
  apiKeyId: '0190a6f2-7c3e-7abc-8def-0123456789c2',
  to: '+14155550123',
  submittedAt: '2026-12-03T09:05:59.000Z',
  doneAt: '2026-12-03T09:06:01.000Z',
  text: 'Your order shipped',
};

describe('delivery receipts', () => {
  it('write the standard text with UTC dates', () => {
    expect(receiptText({ ...receipt, status: 'delivered' })).toBe(
      'id:0190a6f2-7c3e-7abc-8def-0123456789c0 sub:001 dlvrd:001 submit date:2612030905 done date:2612030906 stat:DELIVRD err:000 text:Your order shipped',
    );
    expect(receiptText({ ...receipt, status: 'undelivered' })).toContain('dlvrd:000 submit date:2612030905 done date:2612030906 stat:UNDELIV err:001');
  });

  it('carry esm_class 0x04, receipted_message_id and message_state', () => {
    expect(receiptDeliverSm({ ...receipt, status: 'expired' })).toEqual(
      expect.objectContaining({ esm_class: 0x04, source_addr: '14155550123', receipted_message_id: receipt.messageId, message_state: 3 }),
    );
    expect(receiptDeliverSm({ ...receipt, status: 'failed' })).toEqual(expect.objectContaining({ message_state: 8 }));
  });
});
