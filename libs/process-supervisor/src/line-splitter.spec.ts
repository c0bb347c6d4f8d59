import { LineSplitter } from './line-splitter';

describe('LineSplitter', () => {
  it('holds a partial line until its end arrives', () => {
    const splitter = new LineSplitter();

    expect(splitter.push('one\ntw')).toEqual(['one']);
    expect(splitter.push('o\nthree\n')).toEqual(['two', 'three']);
    expect(splitter.flush()).toEqual([]);
  });

  it('drops CRLF endings and keeps empty lines', () => {
    expect(new LineSplitter().push('a\r\n\r\nb\n')).toEqual(['a', '', 'b']);
  });

  it('gives the unterminated rest on flush, once', () => {
    const splitter = new LineSplitter();
    splitter.push('last words');

    expect(splitter.flush()).toEqual(['last words']);
    expect(splitter.flush()).toEqual([]);
  });
});
