import { DEFAULT_INBOUND_KEYWORDS, InboundKind } from '@zagel/contracts';

/** An organization's keywords, each list already in canonical form (see canonicalKeyword). */
export interface InboundKeywords {
  optOut: readonly string[];
  optIn: readonly string[];
  help: readonly string[];
}

export const DEFAULT_KEYWORDS: InboundKeywords = {
  optOut: DEFAULT_INBOUND_KEYWORDS.optOut,
  optIn: DEFAULT_INBOUND_KEYWORDS.optIn,
  help: DEFAULT_INBOUND_KEYWORDS.help,
};

/**
 * What a reply or a keyword is compared as: without any white space (" s top " is STOP), upper case,
 * and without the punctuation people end a word with ("Stop." and "STOP!" are STOP).
 */
export function canonicalKeyword(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '')
    .toUpperCase();
}

/** A reply is a keyword only when it is nothing else: "please stop texting me" is a message. */
export function classifyInbound(body: string, keywords: InboundKeywords): { kind: InboundKind; keyword?: string } {
  const word = canonicalKeyword(body);
  if (word.length === 0 || word.length > 20) return { kind: 'message' };
  if (keywords.optOut.includes(word)) return { kind: 'opt_out', keyword: word };
  if (keywords.optIn.includes(word)) return { kind: 'opt_in', keyword: word };
  if (keywords.help.includes(word)) return { kind: 'help', keyword: word };
  return { kind: 'message' };
}

/** The lists as they are stored: canonical, each once; the keywords that sit in two lists (a setting to refuse). */
export function keywordLists(lists: InboundKeywords): { keywords: InboundKeywords; clashes: string[] } {
  const canonical = (list: readonly string[]) => [...new Set(list.map(canonicalKeyword).filter((word) => word.length > 0))];
  const keywords = { optOut: canonical(lists.optOut), optIn: canonical(lists.optIn), help: canonical(lists.help) };
  const seen = new Map<string, number>();
  for (const word of [...keywords.optOut, ...keywords.optIn, ...keywords.help]) seen.set(word, (seen.get(word) ?? 0) + 1);
  return { keywords, clashes: [...seen].filter(([, count]) => count > 1).map(([word]) => word) };
}
