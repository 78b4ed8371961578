import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { parsePositiveInt, resolveRange } from '../dates.js';
import { ENTRY_KINDS, normaliseTag } from '../domain/entries.js';
import { localDateTimeAt } from '../domain/time.js';
import { searchHitToJson } from '../domain/json-shapes.js';
import { UsageError } from '../errors.js';
import { sanitize, sanitizeLine } from '../render/sanitize.js';
import { stringWidth, truncate } from '../render/text.js';
import { formatDayTime } from '../render/dates.js';
import { MATCH_END, MATCH_START, queryTerms, snippet } from '../render/snippet.js';
import type { SearchHit } from '../store/search.js';
import { interruptible, pause } from '../interrupt.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { choiceOption, parseChoice } from './shared/choices.js';
import { normaliseKind } from './shared/filters.js';
import { toJson } from '../render/json.js';
import { forFlag } from './shared/domain-errors.js';

export interface SearchOptions {
  since?: string;
  until?: string;
  tag?: string;
  kind?: string;
  limit?: string;
  json?: boolean;
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate search': [
    { cmd: 'integrate search grandmother', why: 'every mention, best matches first' },
    { cmd: `integrate search '"felt lighter"'`, why: 'an exact phrase (quoted for the shell)' },
    { cmd: 'integrate search breath* --since 2026-01-01', why: 'words starting with breath' },
  ],
} satisfies CommandExamples;

/** What --kind can name: an entry kind, or the other things search reads (session notes, intentions). */
const SEARCH_KINDS = [...ENTRY_KINDS, 'session', 'intention'];

export function registerSearch(program: Command, ctx: Ctx): void {
  program
    .command('search')
    .description('search everything you wrote: notes, reflections, session notes, intentions')
    .argument('<words...>', 'words to find; "a phrase" in quotes, word* for prefixes, OR / NOT between words')
    .option('--since <when>', 'from this date')
    .option('--until <when>', 'up to and including this date')
    .option('--tag <tag>', 'only entries with this tag')
    .addOption(choiceOption('--kind <kind>', 'only this kind of entry, or sessions or intentions', SEARCH_KINDS, normaliseKind))
    .option('--limit <n>', 'at most N results (default 20)')
    .option('--json', 'print JSON')
    .addHelpText('before', examplesHelp(examples['integrate search']))
    .addHelpText('after', related(['list', 'show', 'export']))
    .action((words: string[], opts: SearchOptions) => runSearch(words.join(' '), opts, ctx));
}

/** Splits an FTS snippet at the match markers, sanitising each piece. */
function highlight(snippet: string, mark: (s: string) => string): string {
  const out: string[] = [];
  let inside = false;
  for (const piece of snippet.split(new RegExp(`([${MATCH_START}${MATCH_END}])`))) {
    if (piece === MATCH_START) inside = true;
    else if (piece === MATCH_END) inside = false;
    else {
      const text = sanitize(piece).replace(/\s+/g, ' ');
      out.push(inside ? mark(text) : text);
    }
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}

function kindOf(hit: SearchHit): string {
  return hit.kind === 'entry' ? (hit.entryKind ?? 'entry') : hit.kind;
}

export async function runSearch(query: string, opts: SearchOptions, ctx: Ctx): Promise<void> {
  if (query.trim() === '') throw new UsageError('Give words to search for, e.g. integrate search grandmother.');
  const range = await resolveRange(opts, ctx.clock.now());
  const limit = opts.limit === undefined ? 20 : parsePositiveInt(opts.limit, '--limit', 10_000);
  const tag = opts.tag === undefined ? undefined : forFlag('--tag', () => normaliseTag(opts.tag!));
  const store = ctx.existingStore();
  let hits: SearchHit[] = [];
  const filter = { since: range.since?.toISOString(), until: range.until?.toISOString(), tag, kind: opts.kind === undefined ? undefined : parseChoice(SEARCH_KINDS, '--kind', opts.kind, normaliseKind), limit };
  try {
    try {
      hits = store?.search.search(query, filter) ?? [];
    } catch (err) {
      // Everyday words with punctuation ("don't", "self-care", "3.5") are not FTS syntax the user meant:
      // search them as quoted words. Queries that use FTS syntax themselves get the explanation below.
      const plain = plainWords(query);
      if (!plain) throw err;
      hits = store?.search.search(plain, filter) ?? [];
    }
  } catch (err) {
    const message = (err as Error).message ?? '';
    if (/fts5|syntax error|no such column|unterminated|unknown special query/i.test(message)) {
      throw new UsageError(`I could not read the search "${sanitizeLine(query)}". Use plain words, "an exact phrase" in quotes, or word* for prefixes; put quotes around words with punctuation.`);
    }
    throw err;
  }
  // Snippets are cut here, one hit at a time, with signals seen between hits (a found text may be megabytes).
  const terms = queryTerms(query);
  const snippets = await interruptible('the search', async () => {
    const cut: string[] = [];
    for (const h of hits) {
      cut.push(snippet(h.text, terms));
      await pause();
    }
    return cut;
  });
  if (opts.json) {
    ctx.io.out(`${toJson(hits.map((h, i) => searchHitToJson(h, kindOf(h), highlight(snippets[i]!, (s) => `[${s}]`))), 2)}\n`);
    return;
  }
  if (!hits.length) {
    ctx.io.err(`Nothing found for "${sanitizeLine(query)}".\n`);
    return;
  }
  const { c } = ctx.io;
  const mark = ctx.io.color ? (s: string) => c.bold.yellow(s) : (s: string) => `[${s}]`;
  for (const [i, h] of hits.entries()) {
    const head = `${h.ref.slice(0, 8)}  ${formatDayTime(localDateTimeAt(h.createdAt, h.utcOffset), ctx.config().dateFormat)}  ${sanitizeLine(kindOf(h))}${h.private ? ' (private)' : ''}`;
    ctx.io.out(`${c.yellow(head.slice(0, 8))}${head.slice(8)}\n  ${highlight(truncateSnippet(snippets[i]!, ctx.io.columns - 2), mark)}\n`);
  }
}

/** Cuts the raw snippet to the width before highlighting, keeping the first match in view and the markers balanced. */
function truncateSnippet(snippet: string, width: number): string {
  const visible = (s: string) => stringWidth(s.replace(/[\u0001\u0002]/g, ''));
  let s = snippet.replace(/\s+/g, ' ');
  if (visible(s) <= width) return s;
  const first = s.indexOf(MATCH_START);
  const end = s.indexOf(MATCH_END, first);
  if (first > 0 && end > 0 && visible(s.slice(0, end)) > width - 1) {
    // The first match would be cut off: start a few words before it instead.
    const space = s.indexOf(' ', Math.max(0, first - Math.floor(width / 3)));
    s = `…${s.slice(space >= 0 && space < first ? space + 1 : first)}`;
  }
  const cut = truncate(s, width);
  return cut.split(MATCH_START).length > cut.split(MATCH_END).length ? `${cut}${MATCH_END}` : cut;
}

/** The query as quoted words (keeping a trailing * for prefixes), or undefined when it uses FTS syntax on purpose. */
export function plainWords(query: string): string | undefined {
  if (/["()]|\b(AND|OR|NOT|NEAR)\b|[:^{}]/.test(query)) return undefined;
  return query.split(/\s+/).filter(Boolean).map((word) => {
    const prefix = word.endsWith('*');
    return `"${(prefix ? word.slice(0, -1) : word).replace(/"/g, '""')}"${prefix ? '*' : ''}`;
  }).join(' ');
}
