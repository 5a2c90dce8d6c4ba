/** The fields a record is found by (docs/api.md "Search"): people and companies by name, email and phone. */
const SEARCHED_FIELDS = ['name', 'companyName', 'company', 'email', 'phone'] as const;
/** Scripts written without spaces between words: found by any run of characters (bigrams), not by word. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
/** What separates words in the rest. */
const WORD_BREAK = /[^\p{L}\p{N}]+/u;
/**
 * The end of a prefix's range: the prefix with its last character's code point one higher (`ann` → `ano`), which
 * bounds every continuation in code-point order and in UTF-8 byte order alike (MongoDB compares strings by bytes).
 */
function prefixEnd(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop() ?? '';
  return chars.join('') + String.fromCodePoint((last.codePointAt(0) ?? 0) + 1);
}

/** A filter no record matches: what a text with nothing to search by finds (under `$and`, as every search, so a page's `_id` range beside it does not replace it). */
const NOTHING = { $and: [{ _id: { $in: [] } }] };
/** Most characters of a query read; the rest is ignored. */
const QUERY_MAX = 100;

/** Text as searched: NFKC (full-width letters and digits as ASCII), lower case. */
const folded = (text: string) => text.normalize('NFKC').toLowerCase();

/** The words of the spaced parts of `text`, and its unspaced runs. */
function split(text: string): { words: string[]; runs: string[] } {
  const runs = folded(text).match(UNSPACED) ?? [];
  const words = folded(text).replace(UNSPACED, ' ').split(WORD_BREAK).filter(Boolean);
  return { words, runs: [...runs] };
}

/** A run's characters and the pairs of neighbours in it, each as a term. */
function runTerms(run: string): string[] {
  const chars = [...run];
  return [...chars.map((c) => `c:${c}`), ...chars.slice(1).map((c, i) => `c:${chars[i]}${c}`)];
}

/**
 * The search terms a record is stored with (its `search` array, multikey-indexed with the tenant): `w:` and each
 * word of the searched fields, lower-cased (a phone's digits also as one word), and for Chinese, Japanese and Korean
 * text `c:` and each character and each pair of neighbouring characters (an n-gram index: a query's pairs all present
 * find the text they are in, with no spaces needed).
 * @example searchTerms({ name: 'Ann Lee', companyName: '北京字节跳动' }) // → ['w:ann', 'w:lee', 'c:北', …, 'c:字节', …]
 */
export function searchTerms(fields: Record<string, unknown>): string[] {
  const terms = new Set<string>();
  for (const field of SEARCHED_FIELDS) {
    const value = fields[field];
    if (typeof value !== 'string' || value === '') continue;
    const { words, runs } = split(value);
    for (const word of words) terms.add(`w:${word}`);
    for (const run of runs) for (const term of runTerms(run)) terms.add(term);
    if (field === 'phone') {
      const digits = value.replace(/\D/g, '');
      if (digits) terms.add(`w:${digits}`);
    }
  }
  return [...terms].sort();
}

/**
 * The records filter a search text makes (typed values only: the text never becomes an operator): every word of it
 * the start of a stored word (`ann` finds Annabel), every run of Chinese, Japanese or Korean characters within a
 * stored one (`字节` finds 北京字节跳动). A text with nothing to search by (punctuation, spaces) finds nothing.
 * @example searchFilter('acme 字节') // → { $and: [{ search: { $elemMatch: { $gte: 'w:acme', $lt: 'w:acmf' } } }, { search: { $all: ['c:字节'] } }] }
 */
export function searchFilter(text: string): { $and: Record<string, unknown>[] } {
  const { words, runs } = split(text.slice(0, QUERY_MAX));
  const conditions: Record<string, unknown>[] = [
    // $elemMatch: both ends on one term (on an array, a bare range holds when one term is above and another below).
    ...words.map((word) => ({ search: { $elemMatch: { $gte: `w:${word}`, $lt: prefixEnd(`w:${word}`) } } })),
    ...runs.map((run) => {
      const chars = [...run];
      return chars.length === 1 ? { search: `c:${run}` } : { search: { $all: chars.slice(1).map((c, i) => `c:${chars[i]}${c}`) } };
    }),
  ];
  return conditions.length === 0 ? NOTHING : { $and: conditions };
}
