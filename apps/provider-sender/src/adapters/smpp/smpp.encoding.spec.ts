import { buildSubmitParts, DATA_CODING } from './smpp.encoding';

describe('buildSubmitParts', () => {
  it('sends a short GSM-7 text unpacked with data_coding 0, escapes as two septets', () => {
    const [part] = buildSubmitParts('Cost: 5€ [ok]', 'udh', 1);
    expect(part.data_coding).toBe(DATA_CODING.GSM7);
    expect(part.short_message!.length).toBe('Cost: 5€ [ok]'.length + 3);
    expect(part.short_message!.subarray(7, 9)).toEqual(Buffer.from([0x1b, 0x65]));
  });

  it('sends UCS-2 as UTF-16BE with data_coding 8', () => {
    const [part] = buildSubmitParts('سلام', 'udh', 1);
    expect(part.data_coding).toBe(DATA_CODING.UCS2);
    expect(part.short_message).toEqual(Buffer.from([0x06, 0x33, 0x06, 0x44, 0x06, 0x27, 0x06, 0x45]));
  });

  it('splits a long text into UDH parts of at most 153 septets', () => {
    const parts = buildSubmitParts('a'.repeat(400), 'udh', 0x2a);
    expect(parts).toHaveLength(3);
    parts.forEach((part, index) => {
      expect(part.esm_class & 0x40).toBe(0x40);
      expect([...part.short_message!.subarray(0, 6)]).toEqual([5, 0, 3, 0x2a, 3, index + 1]);
    });
    expect(parts.map((part) => part.short_message!.length - 6)).toEqual([153, 153, 94]);
  });

  it('puts a long text whole in message_payload when asked', () => {
    const parts = buildSubmitParts('ب'.repeat(100), 'payload', 1);
    expect(parts).toEqual([{ data_coding: DATA_CODING.UCS2, esm_class: 0, message_payload: expect.any(Buffer) }]);
    expect(parts[0].message_payload!.length).toBe(200);
  });
});
