import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { parsePositiveInt, resolveRange } from '../dates.js';
import { normaliseTag } from '../domain/entries.js';
import { addDays, localDate } from '../domain/time.js';
import { UsageError } from '../errors.js';
import { writeOutput } from '../files.js';
import { summaryMarkdown } from '../render/markdown.js';
import { sanitizeLine } from '../render/sanitize.js';
import type { Store } from '../store/index.js';
import { buildSummary } from '../summary/build.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { instrumentHistory } from './shared/assessments.js';
import { instrumentsOf } from '../domain/assessments.js';
import { choiceOption, exclusive, parseChoice } from './shared/choices.js';
import { loadAllPacks } from '../packs/installed.js';
import { forFlag } from './shared/domain-errors.js';

export interface SummaryOptions {
  days?: string;
  since?: string;
  sinceLast?: boolean;
  until?: string;
  out?: string;
  format?: string;
  includePrivate?: boolean;
  excludeTag?: string[];
}

/** The day the latest summary was written with --out, and the latest day before that one. */
const LAST_SUMMARY_KEY = 'lastSummaryDate';
const EARLIER_SUMMARY_KEY = 'earlierSummaryDate';
const DEFAULT_DAYS = 30;
const SUMMARY_FORMATS = [{ name: 'md', aliases: ['markdown'] }, { name: 'html' }];

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate summary': [
    { cmd: 'integrate summary', why: 'since your last summary (or the last 30 days), in the terminal' },
    { cmd: 'integrate summary --out summary.md', why: 'a Markdown file to bring to your appointment' },
    { cmd: 'integrate summary --out summary.html', why: 'the same period as a printable page with charts' },
    { cmd: 'integrate summary --days 14 --exclude-tag family', why: 'the last two weeks, leaving out entries tagged family' },
  ],
} satisfies CommandExamples;

export function registerSummary(program: Command, ctx: Ctx): void {
  const cmd = program
    .command('summary')
    .description('a short summary of the period to share with your therapist (Markdown or HTML)')
    .option('--days <n>', 'the last N days, today included')
    .option('--since <when>', 'from this day, e.g. 2026-10-01')
    .option('--since-last', 'since the last summary written with --out on an earlier day (the default when there is one)')
    .option('--until <when>', 'up to and including this day (default today)')
    .option('--out <file>', 'write the summary to a file (mode 0600) instead of printing it')
    .addOption(choiceOption('--format <format>', 'default md, or html when --out ends in .html; html is one self-contained, printable file with charts', SUMMARY_FORMATS))
    .option('--include-private', 'include the words of entries marked private')
    .option('--exclude-tag <tag>', 'leave out the words of entries with this tag (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .addHelpText('before', examplesHelp(examples['integrate summary']))
    .addHelpText('after', related(['mood', 'assess', 'intentions']))
    .action((opts: SummaryOptions) => runSummary(opts, ctx));
  exclusive(cmd, ['--days', '--since', '--since-last']);
}

/**
 * The last summary written on a day before `today`: writing the Markdown and
 * then the HTML for one appointment gives both the same period.
 */
function lastSummaryBefore(store: Store | undefined, today: string): string | undefined {
  const last = store?.summary.getMeta(LAST_SUMMARY_KEY);
  if (last && last < today) return last;
  const earlier = store?.summary.getMeta(EARLIER_SUMMARY_KEY);
  return earlier && earlier < today ? earlier : undefined;
}

/** Remembers the day a summary was written, keeping the latest earlier day too. */
function rememberSummary(store: Store, today: string): void {
  const last = store.summary.getMeta(LAST_SUMMARY_KEY);
  store.transaction(() => {
    if (last && last < today) store.summary.setMeta(EARLIER_SUMMARY_KEY, last);
    store.summary.setMeta(LAST_SUMMARY_KEY, today);
  });
}

async function period(opts: SummaryOptions, store: Store | undefined, now: Date): Promise<{ from: string; to: string; why: string }> {
  const range = await resolveRange({ since: opts.since, until: opts.until }, now);
  const to = range.until ? localDate(new Date(range.until.getTime() - 1)) : localDate(now);
  if (opts.days !== undefined) {
    const days = parsePositiveInt(opts.days, '--days');
    return { from: addDays(to, -(days - 1)), to, why: `the last ${days} day${days === 1 ? '' : 's'}` };
  }
  if (range.since) return { from: localDate(range.since), to, why: 'from --since' };
  const last = lastSummaryBefore(store, localDate(now));
  if (opts.sinceLast && !last) throw new UsageError('No summary has been written with --out on an earlier day yet; use --days N or --since WHEN.');
  if (last && last <= to) return { from: last, to, why: `since your last summary, written on ${last}` };
  const writtenToday = store?.summary.getMeta(LAST_SUMMARY_KEY) === localDate(now);
  const note = last ? '' : writtenToday ? ', like the summary written earlier today' : '; no earlier summary written with --out';
  return { from: addDays(to, -(DEFAULT_DAYS - 1)), to, why: `the last ${DEFAULT_DAYS} days${note}` };
}

export async function runSummary(opts: SummaryOptions, ctx: Ctx): Promise<void> {
  // Parsed again here for callers that skip commander (the parse is idempotent).
  const format = parseChoice(SUMMARY_FORMATS, '--format', opts.format ?? (opts.out?.toLowerCase().endsWith('.html') ? 'html' : 'md'));
  const excludeTags = (opts.excludeTag ?? []).map((t) => forFlag('--exclude-tag', () => normaliseTag(t)));
  const now = ctx.clock.now();
  const existing = ctx.existingStore();
  const { from, to, why } = await period(opts, existing, now);
  if (!existing) {
    ctx.io.err('No entries yet, so there is nothing to summarise. Start with: integrate checkin --mood 6\n');
    return;
  }
  const packs = await loadAllPacks(ctx, false);
  const model = buildSummary(existing, {
    from, to, now, filter: { includePrivate: Boolean(opts.includePrivate), excludeTags }, packs: packs.packs,
    instruments: instrumentsOf(packs.packs.values()).map((pack) => ({ pack, results: instrumentHistory(existing, pack, ctx).results })),
  });
  const covered = `${from} to ${to} (${why})`;

  if (opts.out) {
    const document = format === 'html' ? await (await import('../render/html.js')).summaryHtml(model) : summaryMarkdown(model);
    const written = writeOutput(opts.out, document, { database: ctx.dbPath().path, stdout: ctx.io.out });
    // A read-only journal still gives its summary; only the day it was written is not kept, and the person is told.
    const readOnly = existing?.info.readonlyReason;
    let unsaved: string | undefined = readOnly ? `the journal is read-only: ${readOnly}` : undefined;
    if (!readOnly) {
      try {
        rememberSummary(ctx.store(), localDate(now));
      } catch (err) {
        unsaved = err instanceof Error ? err.message.replace(/\.$/, '') : String(err);
      }
    }
    ctx.io.err(`Wrote ${sanitizeLine(written)}: the summary of ${covered}.\n`);
    if (unsaved) ctx.io.err(`Note: the day of this summary was not saved (${sanitizeLine(unsaved)}), so the next summary starts where this one did.\n`);
    return;
  }
  if (format === 'md' && ctx.io.stdoutIsTTY) {
    const { renderMarkdownForTerminal } = await import('../render/terminal.js');
    ctx.io.out(await renderMarkdownForTerminal(summaryMarkdown(model), ctx.io));
  } else {
    ctx.io.out(format === 'html' ? await (await import('../render/html.js')).summaryHtml(model) : summaryMarkdown(model));
  }
  ctx.io.err(`Summary of ${covered}.\n`);
}
