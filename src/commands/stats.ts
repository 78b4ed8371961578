// `integrate stats`: follow-through at a glance. Check-in streaks, entries
// per week, practices of the last 30 days and the intentions still open.
// Read-only: it never creates a database.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { addDays, isoWithOffset, localDate } from '../domain/time.js';
import { countsPerWeek, streaks, type Streaks, type WeekCount } from '../domain/trends.js';
import { sanitizeLine } from '../render/sanitize.js';
import { sparkline } from '../render/sparkline.js';
import { labelled, truncate } from '../render/text.js';
import type { PracticeCount } from '../store/metrics.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { toJson } from '../render/json.js';

export interface StatsOptions {
  json?: boolean;
}

const WEEKS = 8;
const PRACTICE_DAYS = 30;

/** The documented `--json` shape. */
export interface StatsJson {
  today: string;
  streaks: { current: number; longest: number; lastEntry: string | null; daysSinceLastEntry: number | null };
  entriesPerWeek: WeekCount[];
  practices: { from: string; to: string; counts: PracticeCount[] };
  openIntentions: { id: string; text: string; createdAt: string; dueDate: string | null }[];
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate stats': [
    { cmd: 'integrate stats', why: 'how you are keeping up' },
    { cmd: 'integrate stats --json', why: 'for scripts' },
  ],
} satisfies CommandExamples;

export function registerStats(program: Command, ctx: Ctx): void {
  program
    .command('stats')
    .description('check-in streaks, entries per week, recent practices and open intentions')
    .option('--json', 'print the statistics as JSON')
    .addHelpText('before', examplesHelp(examples['integrate stats']))
    .addHelpText('after', related(['mood', 'checkin', 'list']))
    .action((opts: StatsOptions) => runStats(opts, ctx));
}

/** Gathers the statistics; an absent database reads as empty. */
export function collectStats(ctx: Ctx): StatsJson {
  const today = localDate(ctx.clock.now());
  const store = ctx.existingStore();
  const s: Streaks = streaks(store?.metrics.entryDays() ?? [], today);
  // The weeks shown, and one more for a week start other than Monday.
  const days = store?.metrics.entryCountsByDay(addDays(today, -7 * (WEEKS + 1)), today) ?? [];
  const practicesFrom = addDays(today, -(PRACTICE_DAYS - 1));
  return {
    today,
    streaks: { current: s.current, longest: s.longest, lastEntry: s.lastEntry, daysSinceLastEntry: s.daysSinceLast },
    entriesPerWeek: countsPerWeek(days, today, WEEKS, ctx.config().weekStart),
    practices: { from: practicesFrom, to: today, counts: store?.metrics.practiceCounts(practicesFrom, today) ?? [] },
    openIntentions: (store?.intentions.open() ?? []).map((i) => ({
      id: i.id, text: i.text, createdAt: isoWithOffset(i.createdAt, i.utcOffset), dueDate: i.dueDate,
    })),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function ago(days: number): string {
  return days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
}

export async function runStats(opts: StatsOptions, ctx: Ctx): Promise<void> {
  const stats = collectStats(ctx);
  if (opts.json) {
    ctx.io.out(`${toJson(stats, 2)}\n`);
    return;
  }
  if (stats.streaks.lastEntry === null && stats.openIntentions.length === 0) {
    ctx.io.err('No entries yet. Start with: integrate checkin\n');
    return;
  }
  const { c } = ctx.io;
  const { streaks: st, entriesPerWeek: weeks, practices, openIntentions } = stats;
  const out: string[] = [];

  out.push(c.bold('Check-ins'));
  out.push(labelled([
    ['Current streak', plural(st.current, 'day')],
    ['Longest streak', plural(st.longest, 'day')],
    ['Last entry', st.lastEntry === null ? 'none yet' : `${st.lastEntry} (${ago(st.daysSinceLastEntry!)})`],
  ].map(([l, v]) => [`  ${l}`, v] as [string, string])));

  out.push('', c.bold(`Entries per week, the last ${WEEKS} weeks (from ${weeks[0]!.weekStart})`));
  const counts = weeks.map((w) => w.count);
  out.push(`  ${sparkline(counts, { min: 0, max: Math.max(1, ...counts) })}  ${counts.join(' ')}`);

  out.push('', c.bold(`Practices in the last ${PRACTICE_DAYS} days`));
  if (practices.counts.length === 0) out.push('  none recorded (add them with integrate checkin --practice meditation)');
  else out.push(labelled(practices.counts.map((p) => [`  ${sanitizeLine(p.practice)}`, String(p.count)])));

  out.push('', c.bold(`Open intentions (${openIntentions.length})`));
  if (openIntentions.length === 0) out.push('  none');
  for (const i of openIntentions) {
    const due = i.dueDate ? `  (due ${sanitizeLine(i.dueDate)})` : '';
    out.push(`  - ${truncate(sanitizeLine(i.text), Math.max(10, ctx.io.columns - 5 - due.length))}${c.dim(due)}`);
  }
  ctx.io.out(`${out.join('\n')}\n`);
}
