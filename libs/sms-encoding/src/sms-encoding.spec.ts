import fc from 'fast-check';
import { analyzeSms, isGsm7, splitSms } from './sms-encoding';

const GSM_BASIC = [...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCXYZÄÖÑÜ§¿abcxyzäöñüà'];
const GSM_EXTENDED = [...'\f^{}\\[~]|€'];
const gsmText = fc.array(fc.constantFrom(...GSM_BASIC, ...GSM_EXTENDED), { maxLength: 1_200 }).map((chars) => chars.join(''));
const unicodeText = fc
  .array(fc.oneof(fc.constantFrom(...GSM_BASIC, 'ش', 'ü', 'ж', '中'), fc.constantFrom('😀', '👍🏽', '𝄞')), { minLength: 1, maxLength: 600 })
  .map((chars) => chars.join(''));

const septets = (text: string) => [...text].reduce((sum, c) => sum + (GSM_EXTENDED.includes(c) ? 2 : 1), 0);

describe('analyzeSms', () => {
  it.each([
    ['', 'GSM-7', 1],
    ['a'.repeat(160), 'GSM-7', 1],
    ['a'.repeat(161), 'GSM-7', 2],
    ['a'.repeat(306), 'GSM-7', 2],
    ['a'.repeat(307), 'GSM-7', 3],
    ['€'.repeat(80), 'GSM-7', 1],
    ['€'.repeat(81), 'GSM-7', 2],
    ['ش'.repeat(70), 'UCS-2', 1],
    ['ش'.repeat(71), 'UCS-2', 2],
    ['ش'.repeat(134), 'UCS-2', 2],
    ['ش'.repeat(135), 'UCS-2', 3],
    ['😀'.repeat(35), 'UCS-2', 1],
    ['😀'.repeat(36), 'UCS-2', 2],
  ])('%#: %j is %s in %i segment(s)', (text, encoding, segments) => {
    expect(analyzeSms(text)).toMatchObject({ encoding, segments });
  });

  it('keeps an escape pair whole at a segment boundary', () => {
    const text = 'a'.repeat(152) + '€' + 'b'.repeat(10);
    expect(splitSms(text)[0]).toBe('a'.repeat(152));
    expect(splitSms(text)[1]).toBe('€' + 'b'.repeat(10));
  });

  it('keeps a surrogate pair whole at a segment boundary', () => {
    const text = 'ش'.repeat(66) + '😀' + 'ش'.repeat(10);
    expect(splitSms(text)[0]).toBe('ش'.repeat(66));
    expect(splitSms(text)[1].startsWith('😀')).toBe(true);
  });
});

describe('segment counting properties', () => {
  it('GSM-7 text: segments are what 160/153 septets allow, and the split loses nothing', () => {
    fc.assert(
      fc.property(gsmText, (text) => {
        const analysis = analyzeSms(text);
        const parts = splitSms(text);
        expect(isGsm7(text)).toBe(true);
        expect(analysis.encoding).toBe('GSM-7');
        expect(analysis.units).toBe(septets(text));
        expect(parts.join('')).toBe(text);
        expect(parts).toHaveLength(analysis.segments);
        const limit = analysis.segments === 1 ? 160 : 153;
        for (const part of parts) expect(septets(part)).toBeLessThanOrEqual(limit);
        if (analysis.segments > 1) {
          expect(septets(text)).toBeGreaterThan(160);
          expect(analysis.segments).toBeGreaterThanOrEqual(Math.ceil(septets(text) / 153));
          expect(analysis.segments).toBeLessThanOrEqual(Math.ceil(septets(text) / 152));
        }
      }),
    );
  });

  it('text outside GSM-7: UCS-2 at 70/67 code units, never splitting a surrogate pair', () => {
    fc.assert(
      fc.property(unicodeText, (text) => {
        const analysis = analyzeSms(text);
        const parts = splitSms(text);
        fc.pre(!isGsm7(text));
        expect(analysis.encoding).toBe('UCS-2');
        expect(analysis.units).toBe(text.length);
        expect(parts.join('')).toBe(text);
        expect(parts).toHaveLength(analysis.segments);
        const limit = analysis.segments === 1 ? 70 : 67;
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(limit);
          expect(/^[\uDC00-\uDFFF]/.test(part)).toBe(false);
          expect(/[\uD800-\uDBFF]$/.test(part)).toBe(false);
        }
      }),
    );
  });

  it('one character outside GSM-7 turns the whole message into UCS-2', () => {
    fc.assert(
      fc.property(gsmText, fc.nat(), (text, position) => {
        const at = text.length === 0 ? 0 : position % text.length;
        const mixed = text.slice(0, at) + 'ж' + text.slice(at);
        expect(analyzeSms(mixed).encoding).toBe('UCS-2');
      }),
    );
  });
});
