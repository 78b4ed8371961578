// Literal strings one of which every match of a regular expression must
// contain, worked out from its source. Used as a sound first look before
// running (and, on first use, compiling) a large expression: a text that
// contains none of them cannot match, so the expression is skipped. Handles the
// subset the safety rules use: literals, (?:...) groups with |, lookarounds,
// character classes, escapes and the quantifiers ? * + {m,n}.

type Req = string[] | null; // null: no literal is guaranteed

interface Parsed {
  req: Req;
  end: number;
}

/** How selective a literal is: its letters and digits (spaces match everywhere). */
function letters(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) n++;
  }
  return n;
}

/** A set is as selective as its shortest member. */
const score = (set: readonly string[]) => set.reduce((min, s) => Math.min(min, letters(s)), Infinity);

const QUANTIFIER = /(?:\?|\*|\+|\{(\d+)(?:,\d*)?\})\??/y;

function parseAlternation(src: string, at: number): Parsed {
  const branches: Req[] = [];
  let i = at;
  for (;;) {
    const seq = parseSequence(src, i);
    branches.push(seq.req);
    i = seq.end;
    if (src[i] === '|') i++;
    else break;
  }
  const req = branches.some((b) => b === null) ? null : [...new Set(branches.flat() as string[])];
  return { req, end: i };
}

function parseSequence(src: string, at: number): Parsed {
  let best: string[] | null = null;
  let bestScore = 0;
  let run = '';
  // The most selective requirement in the sequence wins; fewer members break ties.
  const consider = (set: string[] | null) => {
    if (!set || set.length === 0) return;
    const s = score(set);
    if (s > 0 && (best === null || s > bestScore || (s === bestScore && set.length < best.length))) {
      best = set;
      bestScore = s;
    }
  };
  const endRun = () => {
    consider(run.trim() ? [run] : null);
    run = '';
  };
  let i = at;
  while (i < src.length && src[i] !== '|' && src[i] !== ')') {
    const ch = src[i]!;
    let atom: { req: Req; literal?: string };
    if (ch === '(') {
      const look = /^\(\?(?:<?[=!])/.exec(src.slice(i, i + 4));
      const inner = parseAlternation(src, i + (look ? look[0].length : src.startsWith('(?:', i) ? 3 : 1));
      i = inner.end + 1; // past ')'
      atom = { req: look ? null : inner.req };
      if (look) {
        // A lookaround consumes nothing: it neither adds a literal nor breaks the run.
        continue;
      }
    } else if (ch === '[') {
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      i = j + 1;
      atom = { req: null };
    } else if (ch === '\\') {
      const next = src[i + 1] ?? '';
      i += 2;
      atom = /[a-zA-Z0-9]/.test(next) ? { req: null } : { req: [next], literal: next };
    } else if (ch === '.' || ch === '^' || ch === '$') {
      i++;
      atom = { req: null };
      if (ch !== '.') {
        endRun();
        continue;
      }
    } else {
      i++;
      atom = { req: [ch], literal: ch };
    }
    // A quantifier applies to the atom just read.
    QUANTIFIER.lastIndex = i;
    const q = QUANTIFIER.exec(src);
    const min = q ? (q[0][0] === '+' ? 1 : q[0][0] === '{' ? Number(q[1]) : 0) : 1;
    if (q) i += q[0].length;
    if (atom.literal !== undefined && !q) {
      run += atom.literal;
      continue;
    }
    if (atom.literal !== undefined && min >= 1) {
      // "su+": at least "su" in a row, but what follows may be more u's.
      run += atom.literal;
      endRun();
      continue;
    }
    endRun();
    if (min >= 1) consider(atom.req);
  }
  endRun();
  return { req: best, end: i };
}

/** Strings one of which is in every match of `source`, or null when none can be promised. */
export function requiredLiterals(source: string): string[] | null {
  const parsed = parseAlternation(source, 0);
  if (parsed.end !== source.length) throw new Error(`unsupported regular expression near ${parsed.end}: ${source.slice(parsed.end, parsed.end + 20)}`);
  return parsed.req;
}
