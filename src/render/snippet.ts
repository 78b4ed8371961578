// Search snippets: a short excerpt of a found text with its matches marked.
// FTS5's snippet() and highlight() compare or copy per match (quadratic: a
// 1 MB note repeating the word took 64 s and 5 s), so the excerpt is cut
// here in one pass over the text. Words are found and folded the way the
// index's tokenizer (unicode61, remove_diacritics 2) does: runs of letters,
// digits and marks, lower-cased, accents removed.

export const MATCH_START = '\u0001';
export const MATCH_END = '\u0002';

const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}/gu;

export function fold(word: string): string {
  const lower = word.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '') : lower;
}

export interface QueryTerm {
  word: string;
  prefix: boolean;
}

const OPERATORS = new Set(['AND', 'OR', 'NOT', 'NEAR']);

/** The words an FTS5 query looks for (operators, column filters and grouping aside), folded as the index folds them. */
export function queryTerms(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const add = (text: string, prefix: boolean) => {
    const words = text.match(TOKEN) ?? [];
    words.forEach((w, i) => terms.push({ word: fold(w), prefix: prefix && i === words.length - 1 }));
  };
  for (const m of query.matchAll(/"((?:[^"]|"")*)"(\*)?|([^\s"()]+)/g)) {
    if (m[1] !== undefined) add(m[1].replace(/""/g, '"'), Boolean(m[2]));
    else if (!OPERATORS.has(m[3]!)) add(m[3]!.replace(/^[^:]*:/, ''), m[3]!.endsWith('*'));
  }
  return terms;
}

/** Words in a snippet, as FTS5's snippet() showed. */
const SNIPPET_WORDS = 16;
/** The span (in characters) in which matches count as one neighbourhood. */
const WINDOW = 120;

/**
 * About `words` words of `text` around the neighbourhood where most distinct
 * query words (then most matches) fall close together, matches wrapped in
 * MATCH_START … MATCH_END, with … where text was left out. Linear in the text.
 */
export function snippet(text: string, terms: readonly QueryTerm[], words = SNIPPET_WORDS): string {
  const exact = new Map<string, number>();
  const prefixes: [string, number][] = [];
  terms.forEach((t, i) => {
    if (t.prefix) prefixes.push([t.word, i]);
    else if (!exact.has(t.word)) exact.set(t.word, i);
  });
  // 1. One pass over the words: where each match starts and ends, and which query word it is.
  const starts: number[] = [];
  const ends: number[] = [];
  const which: number[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const folded = fold(m[0]);
    let term = exact.get(folded);
    if (term === undefined) for (const [p, i] of prefixes) if (folded.startsWith(p)) { term = i; break; }
    if (term === undefined) continue;
    starts.push(m.index);
    ends.push(m.index + m[0].length);
    which.push(term);
  }
  // 2. Sliding window over the matches: the spot with the most distinct query words within WINDOW characters.
  let best = -1;
  let bestDistinct = 0;
  let bestCount = 0;
  const seen = new Map<number, number>();
  for (let left = 0, right = 0; right < starts.length; right++) {
    seen.set(which[right]!, (seen.get(which[right]!) ?? 0) + 1);
    while (ends[right]! - starts[left]! > WINDOW) {
      const n = seen.get(which[left]!)! - 1;
      if (n) seen.set(which[left]!, n);
      else seen.delete(which[left]!);
      left++;
    }
    const count = right - left + 1;
    if (seen.size > bestDistinct || (seen.size === bestDistinct && count > bestCount)) {
      best = left;
      bestDistinct = seen.size;
      bestCount = count;
    }
  }
  // 3. Up to three words of context before the spot (short ones), then words to the snippet's length.
  let from = 0;
  if (best >= 0) {
    from = starts[best]!;
    for (let before = 0; before < 3 && from > 0; before++) {
      const space = text.lastIndexOf(' ', from - 2);
      if (from - space > 40) break;
      from = space + 1;
    }
  }
  let to = from;
  for (let n = 0; n < words && to < text.length; n++) {
    while (to < text.length && /\s/.test(text[to]!)) to++;
    const gap = text.slice(to, to + 200).search(/\s/);
    to = gap < 0 ? Math.min(text.length, to + 200) : to + gap;
  }
  // 4. The excerpt with its matches marked (matches are sorted: start at the first one inside).
  const parts: string[] = [];
  let at = from;
  let first = best < 0 ? starts.length : best;
  while (first > 0 && starts[first - 1]! >= from) first--;
  for (let i = first; i < starts.length && starts[i]! < to; i++) {
    const end = Math.min(ends[i]!, to);
    parts.push(text.slice(at, starts[i]), MATCH_START, text.slice(starts[i], end), MATCH_END);
    at = end;
  }
  parts.push(text.slice(at, to));
  return `${from > 0 ? '…' : ''}${parts.join('').trim()}${to < text.length ? '…' : ''}`;
}
