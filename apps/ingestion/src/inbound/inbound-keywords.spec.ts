import { canonicalKeyword, classifyInbound, DEFAULT_KEYWORDS, keywordLists } from './inbound-keywords';

describe('classifyInbound', () => {
  it.each([
    ['STOP', 'opt_out', 'STOP'],
    ['stop', 'opt_out', 'STOP'],
    ['  Stop\n', 'opt_out', 'STOP'],
    ['S T O P', 'opt_out', 'STOP'],
    ['Stop.', 'opt_out', 'STOP'],
    ['unsubscribe!', 'opt_out', 'UNSUBSCRIBE'],
    ['Stop All', 'opt_out', 'STOPALL'],
    ['cancel', 'opt_out', 'CANCEL'],
    ['end', 'opt_out', 'END'],
    ['Quit', 'opt_out', 'QUIT'],
    ['start', 'opt_in', 'START'],
    ['un stop', 'opt_in', 'UNSTOP'],
    ['help', 'help', 'HELP'],
    ['HELP?', 'help', 'HELP'],
  ])('%j is %s (%s)', (body, kind, keyword) => {
    expect(classifyInbound(body, DEFAULT_KEYWORDS)).toEqual({ kind, keyword });
  });

  it.each(['please stop texting me', 'stopping by at 5', 'yes', '', '   ', 'STOP STOP', 'helpful'])('%j is a plain message', (body) => {
    expect(classifyInbound(body, DEFAULT_KEYWORDS)).toEqual({ kind: 'message' });
  });

  it("uses the organization's own lists", () => {
    const keywords = { optOut: ['BASTA'], optIn: ['ANCORA'], help: ['AIUTO'] };
    expect(classifyInbound('basta', keywords)).toEqual({ kind: 'opt_out', keyword: 'BASTA' });
    expect(classifyInbound('ancora', keywords)).toEqual({ kind: 'opt_in', keyword: 'ANCORA' });
    expect(classifyInbound('Aiuto', keywords)).toEqual({ kind: 'help', keyword: 'AIUTO' });
    expect(classifyInbound('STOP', keywords)).toEqual({ kind: 'message' });
  });
});

describe('keywordLists', () => {
  it('stores keywords canonical and once, and names those in two lists', () => {
    expect(keywordLists({ optOut: ['stop', 'STOP', ' Quit '], optIn: ['start'], help: ['help', 'Stop'] })).toEqual({
      keywords: { optOut: ['STOP', 'QUIT'], optIn: ['START'], help: ['HELP', 'STOP'] },
      clashes: ['STOP'],
    });
  });

  it('canonical form drops spaces and edge punctuation only', () => {
    expect(canonicalKeyword(' o.k. ')).toBe('O.K');
  });
});
