import { ALPHANUMERIC_ALPHABET, canonicalCode, generateCode, NUMERIC_ALPHABET } from './verification-code';

describe('generateCode', () => {
  it.each([4, 6, 10])('numeric codes have %i digits', (length) => {
    for (let run = 0; run < 200; run += 1) expect(generateCode(length, false)).toMatch(new RegExp(`^[0-9]{${length}}$`));
  });

  it('alphanumeric codes use only the unambiguous alphabet', () => {
    const seen = new Set<string>();
    for (let run = 0; run < 2_000; run += 1) {
      const code = generateCode(8, true);
      expect(code).toHaveLength(8);
      for (const character of code) seen.add(character);
    }
    for (const lookalike of ['0', 'O', '1', 'I', 'L']) expect(seen.has(lookalike)).toBe(false);
    expect([...seen].sort().join('')).toBe([...ALPHANUMERIC_ALPHABET].sort().join(''));
  });

  it('spreads digits evenly (chi-square well under the 0.1% critical value)', () => {
    const counts = new Map<string, number>([...NUMERIC_ALPHABET].map((digit) => [digit, 0]));
    const draws = 20_000;
    for (let run = 0; run < draws / 10; run += 1) {
      for (const digit of generateCode(10, false)) counts.set(digit, (counts.get(digit) ?? 0) + 1);
    }
    const expected = draws / 10;
    const chiSquare = [...counts.values()].reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.88); // 9 degrees of freedom, p = 0.001
  });

  it('rarely repeats a 6-digit code', () => {
    const codes = new Set(Array.from({ length: 1_000 }, () => generateCode(6, false)));
    expect(codes.size).toBeGreaterThan(990);
  });
});

describe('canonicalCode', () => {
  it('upper-cases alphanumeric input and drops separators', () => {
    expect(canonicalCode('ac3-d4 x', true)).toBe('AC3D4X');
    expect(canonicalCode('123 456', false)).toBe('123456');
  });
});
