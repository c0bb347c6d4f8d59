import { copyField } from './copy-rows';

describe('copyField', () => {
  it("writes values in COPY's text format: NULL, times, JSON and escaped control characters", () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField(42)).toBe('42');
    expect(copyField(new Date('2026-12-03T07:00:00.000Z'))).toBe('2026-12-03T07:00:00.000Z');
    expect(copyField({ a: 'b\tc' })).toBe('{"a":"b\\\\tc"}');
    expect(copyField('line 1\nline 2\r\tend \\ slash')).toBe('line 1\\nline 2\\r\\tend \\\\ slash');
    expect(copyField('\\N')).toBe('\\\\N');
  });
});
