import type { SmppPdu } from './smpp-library';
import { isMobileOriginated, readMobileOriginated } from './smpp.inbound';

const pdu = (fields: Partial<SmppPdu>): SmppPdu => ({ command: 'deliver_sm', command_status: 0, sequence_number: 1, response: () => ({}) as SmppPdu, ...fields });

describe('deliver_sm from handsets', () => {
  it('tells a short message from receipts and acknowledgements by the esm_class message type', () => {
    expect(isMobileOriginated({ esm_class: 0 })).toBe(true);
    expect(isMobileOriginated({ esm_class: 0x40 })).toBe(true);
    expect(isMobileOriginated({ esm_class: 0x04 })).toBe(false);
    expect(isMobileOriginated({ esm_class: 0x08 })).toBe(false);
    expect(isMobileOriginated({ esm_class: 0x20 })).toBe(false);
  });

  it('takes message_payload over short_message and keeps an alphanumeric sender (TON 5) as it is', () => {
    const sms = readMobileOriginated(
      pdu({ source_addr: 'BANK', source_addr_ton: 5, destination_addr: '14155550199', message_payload: { message: 'long text' }, short_message: { message: '' } }),
    );
    expect(sms).toMatchObject({ from: 'BANK', to: '+14155550199', body: 'long text' });
  });

  it('reads the 16-bit concatenation header and the SAR TLVs', () => {
    const udh16 = readMobileOriginated(pdu({ source_addr: '14155550123', short_message: { message: 'a', udh: [Buffer.from([0x08, 0x04, 0x01, 0x02, 3, 2])] } }));
    expect(udh16?.part).toEqual({ reference: '258', total: 3, index: 2 });
    const sar = readMobileOriginated(pdu({ source_addr: '14155550123', short_message: { message: 'b' }, sar_msg_ref_num: 9, sar_total_segments: 2, sar_segment_seqnum: 1 }));
    expect(sar?.part).toEqual({ reference: '9', total: 2, index: 1 });
  });

  it('names a repeated deliver_sm (same words, same parties, same minute) with the same id, and skips binary data', () => {
    const at = new Date('2026-12-03T16:00:10Z');
    const one = pdu({ source_addr: '14155550123', destination_addr: '14155550199', short_message: { message: 'YES' } });
    expect(readMobileOriginated(one, at)?.providerMessageId).toBe(readMobileOriginated(one, new Date('2026-12-03T16:00:50Z'))?.providerMessageId);
    expect(readMobileOriginated(one, at)?.providerMessageId).not.toBe(readMobileOriginated(one, new Date('2026-12-03T16:05:00Z'))?.providerMessageId);
    expect(readMobileOriginated(pdu({ source_addr: '14155550123', short_message: { message: Buffer.from([1, 2]) } }))).toBeUndefined();
  });
});
