import { parseReceipt } from './smpp.receipts';

describe('parseReceipt', () => {
  it('reads the Appendix B text', () => {
    const text = 'id:0A1B2C3D sub:001 dlvrd:001 submit date:2611301200 done date:2611301201 stat:DELIVRD err:000 text:Hello';
    expect(parseReceipt({ text })).toEqual({ providerMessageId: '0A1B2C3D', status: 'delivered', at: '2026-11-30T12:01:00.000Z' });
  });

  it('keeps the error of a failed delivery', () => {
    const text = 'id:77 sub:001 dlvrd:000 submit date:2611301200 done date:2611301230 stat:UNDELIV err:001 text:';
    expect(parseReceipt({ text })).toMatchObject({ providerMessageId: '77', status: 'undelivered', errorCode: '001' });
  });

  it('prefers the receipted_message_id and message_state TLVs', () => {
    expect(parseReceipt({ text: 'id:1 stat:DELIVRD', receiptedMessageId: 'abc', messageState: 8 })).toEqual({ providerMessageId: 'abc', status: 'failed' });
  });

  it('ignores a deliver_sm that is not a receipt', () => {
    expect(parseReceipt({ text: 'STOP' })).toBeUndefined();
  });
});
