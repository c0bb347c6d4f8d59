import { destinationNumber, submittedText } from './short-message';
import { SmppPdu } from './smpp-library';

const pdu = (fields: Partial<SmppPdu>): SmppPdu => ({ command: 'submit_sm', command_id: 4, command_status: 0, sequence_number: 1, response: () => pdu({}), ...fields });

describe('submittedText', () => {
  it('reads the text and an 8-bit or 16-bit concatenation header', () => {
    expect(submittedText(pdu({ esm_class: 0x40, short_message: { udh: [Buffer.from([0x00, 0x03, 0x2a, 0x02, 0x01])], message: 'Hello ' } }))).toEqual({
      ok: true,
      text: 'Hello ',
      concatenation: { reference: 0x2a, total: 2, sequence: 1 },
    });
    expect(submittedText(pdu({ esm_class: 0x40, data_coding: 8, short_message: { udh: [Buffer.from([0x08, 0x04, 0x12, 0x34, 0x03, 0x03])], message: 'مرحبا' } }))).toEqual({
      ok: true,
      text: 'مرحبا',
      concatenation: { reference: 0x1234, total: 3, sequence: 3 },
    });
  });

  it('takes message_payload when short_message is empty, and refuses both at once', () => {
    expect(submittedText(pdu({ short_message: { message: '' }, message_payload: { message: 'long text' } }))).toEqual({ ok: true, text: 'long text' });
    expect(submittedText(pdu({ short_message: { message: 'a' }, message_payload: { message: 'b' } }))).toEqual(expect.objectContaining({ ok: false, status: 0x01 }));
  });

  it('refuses unsupported data codings, empty texts and inconsistent headers', () => {
    expect(submittedText(pdu({ data_coding: 4, short_message: { message: Buffer.from([1, 2]) } }))).toEqual(expect.objectContaining({ ok: false, status: 0x104 }));
    expect(submittedText(pdu({ short_message: { message: '' } }))).toEqual(expect.objectContaining({ ok: false, status: 0x01 }));
    expect(submittedText(pdu({ esm_class: 0x40, short_message: { udh: [Buffer.from([0x00, 0x03, 1, 2, 3])], message: 'x' } }))).toEqual(
      expect.objectContaining({ ok: false, status: 0x43 }),
    );
  });
});

describe('destinationNumber', () => {
  it('accepts international digits with or without +, nothing else', () => {
    expect(destinationNumber(pdu({ destination_addr: '14155550123' }))).toBe('+14155550123');
    expect(destinationNumber(pdu({ destination_addr: '+201001234567' }))).toBe('+201001234567');
    expect(destinationNumber(pdu({ destination_addr: 'not-a-number' }))).toBeUndefined();
    expect(destinationNumber(pdu({ destination_addr: '' }))).toBeUndefined();
  });
});
