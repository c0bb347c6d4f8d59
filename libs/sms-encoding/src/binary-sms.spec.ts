import { analyzeBinary, splitBinary } from './binary-sms';
import { analyzeSms } from './sms-encoding';
import { measureMessage } from './sms-format';

describe('binary messages', () => {
  it('fits UDH and payload in one segment up to 140 octets', () => {
    expect(analyzeBinary('ab'.repeat(133), '0605040b8423f0')).toEqual({ ok: true, octets: 140, segments: 1 });
    expect(splitBinary('ab'.repeat(133), '0605040b8423f0', 1)).toEqual([{ udh: Buffer.from('0605040b8423f0', 'hex'), data: Buffer.alloc(133, 0xab) }]);
  });

  it('concatenates beyond 140 octets, each segment carrying the elements and a concatenation element', () => {
    // 140 - (1 + 6 + 5) = 128 octets of data a segment.
    expect(analyzeBinary('ab'.repeat(134), '0605040b8423f0')).toEqual({ ok: true, octets: 141, segments: 2 });
    const segments = splitBinary('ab'.repeat(300), undefined, 9);
    // Without a given UDH: 140 - 6 = 134 octets a segment.
    expect(segments.map((segment) => [segment.udh?.toString('hex'), segment.data.length])).toEqual([
      ['050003090301', 134],
      ['050003090302', 134],
      ['050003090303', 32],
    ]);
  });

  it.each([
    ['xyz', undefined, 'a binary body must be hex, an even number of 0-9a-f digits'],
    ['abc', undefined, 'a binary body must be hex, an even number of 0-9a-f digits'],
    ['ab', '0705040b8423f0', "the udh's first octet must be its length (6), not 7"],
    ['ab', '0305040b', 'the udh has a truncated information element'],
    ['ab'.repeat(200), '050003010201', 'a udh with its own concatenation element must fit one segment (140 octets with the payload)'],
  ])('refuses body %p with udh %p', (body, udh, reason) => {
    expect(analyzeBinary(body, udh)).toEqual({ ok: false, reason });
  });
});

describe('measureMessage', () => {
  it('measures each format as it goes on the wire', () => {
    expect(measureMessage('text', 'a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1 });
    expect(measureMessage('unicode', 'a'.repeat(71))).toEqual({ encoding: 'UCS-2', segments: 2 });
    expect(measureMessage('flash', 'سلام')).toEqual({ encoding: 'UCS-2', segments: 1 });
    expect(measureMessage('binary', 'ab'.repeat(140))).toEqual({ encoding: '8-bit', segments: 1 });
    expect(measureMessage('binary', 'ab'.repeat(141))).toEqual({ encoding: '8-bit', segments: 2 });
    expect(analyzeSms('a'.repeat(70), 'UCS-2')).toMatchObject({ encoding: 'UCS-2', segments: 1 });
  });
});
