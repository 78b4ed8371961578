// `integrate mood`: how the numbers moved over days and weeks, where the
// sessions fell, and what changed around them. Read-only: it never creates
// a database.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { parsePositiveInt, resolveRange } from '../dates.js';
import { CORE_METRICS, formatMetricValue, metricSpec, sortMetricNames } from '../domain/metrics.js';
import { addDays, daysBetween, localDate } from '../domain/time.js';
import {
  MIN_COMPARISON_DAYS, beforeAfter, comparePeriods, dailySeries, previousPeriod, rollingMean, sessionNeighbours, summarize,
  type BeforeAfter, type Comparison, type DailyPoint,
} from '../domain/trends.js';
import { UsageError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { MetricChart } from '../render/chart.js';
import { sanitizeLine } from '../render/sanitize.js';
import { sparkline } from '../render/sparkline.js';
import { wrapItems, wrapParts } from '../render/wrap.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { exclusive } from './shared/choices.js';
import { toJson } from '../render/json.js';

export interface MoodOptions {
  metric?: string;
  days?: string;
  since?: string;
  until?: string;
  json?: boolean;
}

const DEFAULT_DAYS = 30;
/** Days on each side of a session for the before/after comparison (the fewest with data to compare is MIN_COMPARISON_DAYS). */
const AROUND_SESSION = 7;

export interface MoodStatsJson {
  min: number | null;
  mean: number | null;
  max: number | null;
  rolling7: number | null;
  previousMean: number | null;
}

/** The documented `--json` shape. Values are daily means rounded to 2 decimals; null marks a day without data. */
export interface MoodJson {
  range: { from: string; to: string };
  series: Record<string, { date: string; value: number | null; count: number }[]>;
  sessions: { id: string; number: number; date: string }[];
  stats: Record<string, MoodStatsJson>;
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate mood': [
    { cmd: 'integrate mood', why: 'mood over the last 30 days' },
    { cmd: 'integrate mood --metric mood,anxiety,sleep --days 90', why: 'three charts, one per metric' },
    { cmd: 'integrate mood --since 2026-01-01', why: 'a long range, in weekly or monthly means' },
    { cmd: 'integrate mood --json', why: 'for scripts: daily means, sessions, statistics' },
  ],
} satisfies CommandExamples;

export function registerMood(program: Command, ctx: Ctx): void {
  const cmd = program
    .command('mood')
    .description('chart mood (or any metric) over time, with sessions marked and before/after means')
    .option('--metric <names>', 'comma-separated metrics to chart (default mood), e.g. mood,anxiety,sleep')
    .option('--days <n>', `the last N days, today included (default ${DEFAULT_DAYS})`)
    .option('--since <when>', 'from this day, e.g. 2026-09-01 or "3 months ago"')
    .option('--until <when>', 'up to and including this day')
    .option('--json', 'print the daily series, sessions and statistics as JSON')
    .addHelpText('before', examplesHelp(examples['integrate mood']))
    .addHelpText('after', related(['stats', 'checkin', 'list']))
    .action((opts: MoodOptions) => runMood(opts, ctx));
  exclusive(cmd, ['--days', '--since']);
}

/** The local days shown: --since/--until, or the last --days days (default 30) up to --until or today. */
export async function moodRange(opts: MoodOptions, now: Date): Promise<{ from: string; to: string }> {
  const days = opts.days === undefined ? DEFAULT_DAYS : parsePositiveInt(opts.days, '--days');
  const range = await resolveRange({ since: opts.since, until: opts.until }, now);
  const to = range.until ? localDate(new Date(range.until.getTime() - 1)) : localDate(now);
  const from = range.since ? localDate(range.since) : addDays(to, -(days - 1));
  if (from > to) throw new UsageError(`--since ${from} is after ${to}: there is nothing to show yet.`);
  return { from, to };
}

/** Parses --metric against the metrics that exist (the core ones, and any a pack has recorded). */
export function parseMetricNames(raw: string | undefined, known: readonly string[]): string[] {
  const names = [...new Set((raw ?? 'mood').split(',').map((n) => n.trim().toLowerCase()).filter(Boolean))];
  const list = known.map(sanitizeLine).join(', ');
  if (names.length === 0) throw new UsageError(`--metric needs at least one name, e.g. --metric mood,anxiety. Metrics: ${list}.`);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) {
    const what = unknown.map((n) => `"${sanitizeLine(n)}"`).join(', ');
    throw new UsageError(`Unknown metric ${what}. Metrics you can chart: ${list}.`);
  }
  return names;
}

interface MetricView {
  name: string;
  /** One point per day from `from` to `to`. */
  shown: DailyPoint[];
  stats: {
    min: number | null;
    mean: number | null;
    max: number | null;
    /** Days with data in the range. */
    n: number;
    /** Mean of the 7 days ending with the last day shown. */
    rolling7: number | null;
    previousMean: number | null;
    previousDays: number;
    /** The previous period against this one, each side with its n. */
    vsPrevious: Comparison;
  };
  aroundSessions: BeforeAfter[];
}

/**
 * Everything the text and JSON views need for one metric, from one query
 * wide enough for the previous period and the days around each session.
 */
function viewMetric(store: Store | undefined, name: string, from: string, to: string, sessionDays: string[], allSessionDays = sessionDays): MetricView {
  const previous = previousPeriod(from, to);
  const wideFrom = previous.from < addDays(from, -AROUND_SESSION) ? previous.from : addDays(from, -AROUND_SESSION);
  const rows = store?.metrics.dailyMeans(name, wideFrom, addDays(to, AROUND_SESSION)) ?? [];
  // Only the days with data: the comparisons below skip empty days anyway.
  const present = rows.map((r) => ({ date: r.date, value: r.mean }));
  const shown = dailySeries(rows, from, to);
  const comparison = comparePeriods(present, from, to);
  const neighbours = sessionNeighbours(sessionDays, allSessionDays);
  return {
    name,
    shown,
    stats: {
      ...summarize(shown.map((p) => p.value)),
      rolling7: rollingMean(present, to, 7).mean,
      previousMean: comparison.before.mean,
      previousDays: daysBetween(previous.from, previous.to) + 1,
      vsPrevious: comparison,
    },
    // Each session reads only its own weeks of the (date-ordered) series, not all of it: ten years hold 130 sessions.
    aroundSessions: sessionDays.map((day, i) => beforeAfter(within(present, addDays(day, -AROUND_SESSION), addDays(day, AROUND_SESSION)), day, AROUND_SESSION, MIN_COMPARISON_DAYS, neighbours[i])),
  };
}

/** The points dated within [from, to] of a series in date order (as SQL returns it), found by binary search. */
function within<T extends { date: string }>(points: readonly T[], from: string, to: string): readonly T[] {
  const first = (day: string) => {
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid]!.date < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return points.slice(first(from), first(addDays(to, 1)));
}

const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

export async function runMood(opts: MoodOptions, ctx: Ctx): Promise<void> {
  const { from, to } = await moodRange(opts, ctx.clock.now());
  const store = ctx.existingStore();
  // Core metrics are known without a look-up; the names recorded in the
  // database (a scan of every value) are read only for another name.
  const core = CORE_METRICS.map((m) => m.name);
  const requested = (opts.metric ?? 'mood').split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
  const names = requested.length && requested.every((n) => core.includes(n))
    ? parseMetricNames(opts.metric, core)
    : parseMetricNames(opts.metric, sortMetricNames(new Set([...core, ...(store?.metrics.names() ?? [])])));
  const sessions = store?.sessions.between(from, to) ?? [];
  // Windows stop at the neighbouring sessions, those just outside the range included.
  const neighbourDays = store?.sessions.list().map((s) => s.localDate) ?? [];
  const views = names.map((name) => viewMetric(store, name, from, to, sessions.map((s) => s.localDate), neighbourDays));

  if (opts.json) {
    const json: MoodJson = {
      range: { from, to },
      series: Object.fromEntries(views.map((v) => [v.name, v.shown.map((p) => ({ date: p.date, value: round2(p.value), count: p.count }))])),
      sessions: sessions.map((s) => ({ id: s.id, number: s.number, date: s.localDate })),
      stats: Object.fromEntries(views.map((v) => [v.name, {
        min: round2(v.stats.min), mean: round2(v.stats.mean), max: round2(v.stats.max),
        rolling7: round2(v.stats.rolling7), previousMean: round2(v.stats.previousMean),
      }])),
    };
    ctx.io.out(`${toJson(json, 2)}\n`);
    return;
  }

  if (views.every((v) => v.stats.n === 0)) {
    const what = names.map(sanitizeLine).join(' or ');
    const latest = store?.entries.latestEntry();
    const earlier = latest && latest.localDate < from ? ` Your latest entry is from ${latest.localDate}; try --since ${latest.localDate}.` : '';
    ctx.io.err(`No ${what} values between ${from} and ${to}.${earlier} Record how you are today with: integrate checkin\n`);
    return;
  }

  const { c } = ctx.io;
  const { renderMetricChart } = await import('../render/chart.js');
  const blocks: string[] = [];
  for (const view of views) {
    const label = metricSpec(view.name)?.label ?? sanitizeLine(view.name);
    if (view.stats.n === 0) {
      blocks.push(`${label}: no values between ${from} and ${to}.`);
      continue;
    }
    const chart = await renderMetricChart({
      metric: view.name,
      daily: view.shown,
      sessions: sessions.map((s) => ({ number: s.number, date: s.localDate })),
      columns: ctx.io.columns,
      weekStart: ctx.config().weekStart,
      maxRows: views.length > 1 ? 5 : 10,
      paint: c.cyan,
      mark: c.yellow,
    });
    blocks.push([...chart.lines, ...summaryLines(view, chart, ctx.io.columns), ...sessionLines(view, sessions, ctx.io.columns)].join('\n'));
  }
  ctx.io.out(`${blocks.join('\n\n')}\n`);
}

/** The sparkline of the points charted (on the chart's scale) with min / mean / max, then the 7-day and previous-period means. */
function summaryLines(view: MetricView, chart: MetricChart, columns: number): string[] {
  const fmt = (v: number | null) => (v === null ? '–' : formatMetricValue(view.name, v));
  const spark = sparkline(chart.fitted.points.map((p) => p.value), { min: chart.scale.min, max: chart.scale.max });
  const { min, mean, max, rolling7, previousDays, vsPrevious: cmp } = view.stats;
  const vsPrevious = cmp.enough
    ? `previous ${previousDays} days ${fmt(cmp.before.mean)} (n=${cmp.before.n}) · this period ${fmt(mean)} (n=${cmp.after.n}), ${signed(view.name, cmp.before.mean!, cmp.after.mean!)}`
    : `previous ${previousDays} days: too few to compare · n=${cmp.before.n} and n=${cmp.after.n}, ${cmp.minDays} needed each`;
  const range = `min ${fmt(min)} · mean ${fmt(mean)} · max ${fmt(max)} (${view.stats.n} of ${view.shown.length} days)`;
  const width = columns - 1;
  const first = wrapParts(`${spark}  ${range}`, width);
  return [
    ...(first.length === 1 ? first : [spark, ...wrapParts(range, width)]),
    ...wrapParts(`7-day mean now ${fmt(rolling7)} · ${vsPrevious}`, width),
  ];
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** "+0.5" from `from` to `to`, computed from the rounded values shown beside it so the sum adds up. */
function signed(name: string, from: number, to: number): string {
  const change = round1(round1(to) - round1(from));
  if (change === 0) return 'no change';
  return `${change > 0 ? '+' : '-'}${formatMetricValue(name, Math.abs(change))}`;
}

function sessionLines(view: MetricView, sessions: { number: number; localDate: string }[], columns: number): string[] {
  if (!sessions.length) return [];
  const fmt = (side: { mean: number | null; n: number }) =>
    side.n >= MIN_COMPARISON_DAYS ? `${formatMetricValue(view.name, side.mean!)} (n=${side.n})` : `not enough data (n=${side.n})`;
  const rows = sessions.map((s, i) => {
    const around = view.aroundSessions[i]!;
    const change = around.enough ? `  ${signed(view.name, around.before.mean!, around.after.mean!)}` : '';
    return wrapParts(`  session ${s.number} (${s.localDate})  ${fmt(around.before)} → ${fmt(around.after)}${change}`, columns - 1, '      ');
  });
  const header = `Before → after each session (up to ${AROUND_SESSION} days a side, stopping at the next session):`;
  return [...wrapItems(header.split(' '), columns - 1), ...rows.flat()];
}
