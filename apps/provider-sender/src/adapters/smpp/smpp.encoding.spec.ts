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

describe('buildSubmitParts by format', () => {
  it('forces UCS-2 for unicode, even for GSM text', () => {
    const [part] = buildSubmitParts('hi', 'udh', 1, 'unicode');
    expect(part.data_coding).toBe(DATA_CODING.UCS2);
    expect(part.short_message).toEqual(Buffer.from([0x00, 0x68, 0x00, 0x69]));
  });

  it('codes flash as message class 0 (0x10 GSM-7, 0x18 UCS-2)', () => {
    expect(buildSubmitParts('Alert', 'udh', 1, 'flash')[0].data_coding).toBe(0x10);
    expect(buildSubmitParts('هشدار', 'udh', 1, 'flash')[0].data_coding).toBe(0x18);
  });

  it('sends binary as 8-bit data with its UDH and the UDHI bit', () => {
    const [part] = buildSubmitParts('deadbeef', 'udh', 1, 'binary', '0605040b8423f0');
    expect(part).toEqual({ data_coding: 0x04, esm_class: 0x40, short_message: Buffer.from('0605040b8423f0deadbeef', 'hex') });
  });

  it('concatenates a binary payload beyond 140 octets, the given elements in every segment', () => {
    const parts = buildSubmitParts('ab'.repeat(300), 'udh', 7, 'binary', '0605040b8423f0');
    // 140 - (1 + 6 + 5) = 128 octets of data a segment.
    expect(parts.map((part) => part.short_message!.length)).toEqual([140, 140, 12 + 44]);
    expect([...parts[1].short_message!.subarray(0, 12)]).toEqual([11, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0, 0, 3, 7, 3, 2]);
  });
});
