import { isValidJsonPath, readJsonPath } from './json-path';

describe('readJsonPath', () => {
  const doc = { data: { messages: [{ id: 'm-1' }, { id: 'm-2' }], ok: true }, status: 0 };

  it.each([
    ['data.messages[1].id', 'm-2'],
    ['$.data.ok', true],
    ['status', 0],
    ['data.missing.deeper', undefined],
    ['data.messages[5].id', undefined],
  ])('%s', (path, expected) => {
    expect(readJsonPath(doc, path)).toEqual(expected);
  });

  it('validates paths', () => {
    expect(isValidJsonPath('data.messages[0].id')).toBe(true);
    expect(isValidJsonPath('data..x')).toBe(false);
    expect(isValidJsonPath('a b')).toBe(false);
  });
});
