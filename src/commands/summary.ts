import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { parsePositiveInt, resolveRange } from '../dates.js';
import { normaliseTag } from '../domain/entries.js';
import { metricSpec } from '../domain/metrics.js';
import { SAFETY_FLAG_LABELS } from '../domain/safety.js';
import { ROUTE_LABELS, entrySessionLabel, type NumberedSession } from '../domain/sessions.js';
import { formatAnswer, type AnswerValue } from '../domain/packs.js';
import type { SummaryAssessment, SummaryDiscuss, SummaryMetric, SummaryModel, SummaryText } from '../domain/summary.js';
import { round1 } from '../domain/summary.js';
import { addDays, daysBetween, localDate, localDateAt, localDateTimeAt, utcOffsetMinutes } from '../domain/time.js';
import { aggregate, beforeAfter, dailySeries, meanBetween, previousPeriod, summarize, type DailyMean, type DailyPoint, type WeekStart } from '../domain/trends.js';
import { UsageError } from '../errors.js';
import { writeOutput } from '../files.js';
import { summaryMarkdown } from '../render/markdown.js';
import { sanitizeLine } from '../render/sanitize.js';
import { sparkline } from '../render/sparkline.js';
import type { Store } from '../store/index.js';
import type { TextFilter } from '../store/summary.js';
import { instruments, resultsOf } from './assess.js';
import { examples, related } from './help.js';
import { loadAllPacks } from './journal.js';
import type { LoadedPacks } from '../packs/load.js';

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

const LAST_SUMMARY_KEY = 'lastSummaryDate';
const DEFAULT_DAYS = 30;
const MAX_INSIGHTS = 12;
const ASSESSMENT_METRICS = new Set(['phq9', 'gad7', 'who5']);

export function registerSummary(program: Command, ctx: Ctx): void {
  program
    .command('summary')
    .description('a short summary of the period to share with your therapist (Markdown or HTML)')
    .option('--days <n>', 'the last N days, today included')
    .option('--since <when>', 'from this day, e.g. 2026-10-01')
    .option('--since-last', 'since the last summary written with --out (the default when there is one)')
    .option('--until <when>', 'up to and including this day (default today)')
    .option('--out <file>', 'write the summary to a file (mode 0600) instead of printing it')
    .option('--format <format>', 'md or html (default md; html is one self-contained, printable file)')
    .option('--include-private', 'include the words of entries marked private')
    .option('--exclude-tag <tag>', 'leave out the words of entries with this tag (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .addHelpText('before', examples([
      ['integrate summary', 'since your last summary (or the last 30 days), in the terminal'],
      ['integrate summary --out summary.md', 'a Markdown file to bring to your appointment'],
      ['integrate summary --days 14 --format html --out summary.html', 'a printable page with a mood chart'],
      ['integrate summary --exclude-tag family', 'leave out entries tagged family'],
    ]))
    .addHelpText('after', related(['mood', 'assess', 'intentions']))
    .action((opts: SummaryOptions) => runSummary(opts, ctx));
}

async function period(opts: SummaryOptions, store: Store | undefined, now: Date): Promise<{ from: string; to: string }> {
  const chosen = [opts.days !== undefined, opts.since !== undefined, Boolean(opts.sinceLast)].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('Choose one of --days, --since and --since-last.');
  const range = await resolveRange({ since: opts.since, until: opts.until }, now);
  const to = range.until ? localDate(new Date(range.until.getTime() - 1)) : localDate(now);
  if (opts.days !== undefined) return { from: addDays(to, -(parsePositiveInt(opts.days, '--days') - 1)), to };
  if (range.since) return { from: localDate(range.since), to };
  const last = store?.summary.getMeta(LAST_SUMMARY_KEY);
  if (opts.sinceLast && !last) throw new UsageError('No summary has been written with --out yet; use --days N or --since WHEN.');
  if (last && last <= to) return { from: last, to };
  return { from: addDays(to, -(DEFAULT_DAYS - 1)), to };
}

function textOf(value: AnswerValue): string {
  return formatAnswer({ type: 'text' }, value);
}

function metricSection(
  name: string, rows: { now: Map<string, DailyMean[]>; before: Map<string, DailyMean[]> }, from: string, to: string, weekStart: WeekStart,
): { metric: SummaryMetric; series: DailyPoint[] } {
  const series = dailySeries(rows.now.get(name) ?? [], from, to);
  const prev = previousPeriod(from, to);
  const previous = meanBetween(dailySeries(rows.before.get(name) ?? [], prev.from, prev.to), prev.from, prev.to);
  const stats = summarize(series.map((p) => p.value));
  const spec = metricSpec(name);
  const weekly = series.length > 62;
  const values = weekly ? aggregate(series, 'week', weekStart).map((b) => b.value) : series.map((p) => p.value);
  const spark = sparkline(values, spec && spec.max === 10 ? { min: spec.min, max: spec.max } : {}).replace(/ /g, '·');
  return {
    series,
    metric: {
      name, label: spec ? `${spec.label} (${spec.unit === 'h' ? 'hours' : `${spec.min}–${spec.max}`})` : name,
      spark, sparkUnit: weekly ? 'week' : 'day', mean: stats.mean, min: stats.min, max: stats.max, days: stats.n,
      previousMean: previous.mean, unit: spec?.unit,
    },
  };
}

export function buildSummary(store: Store, ctx: Ctx, from: string, to: string, filter: TextFilter, packs: LoadedPacks): SummaryModel {
  const now = ctx.clock.now();
  const sessionsAll = store.sessions.list();
  const context = (createdAt: string, localDay: string) => entrySessionLabel(sessionsAll, { createdAt, localDate: localDay });
  const sessions = sessionsAll.filter((s) => s.localDate >= from && s.localDate <= to);

  const names = store.metrics.names().filter((n) => !ASSESSMENT_METRICS.has(n));
  const weekStart = ctx.config().weekStart;
  // Series start at the first entry when the period reaches further back ("all time" from 1900 holds
  // decades of empty days): the same numbers, without building them day by day.
  const first = store.summary.firstDay();
  const dataFrom = first && from < first && first <= to ? first : from;
  const previous = previousPeriod(dataFrom, to);
  const rows = { now: store.metrics.dailyMeansAll(dataFrom, to), before: store.metrics.dailyMeansAll(previous.from, previous.to) };
  const metricViews = names.map((n) => metricSection(n, rows, dataFrom, to, weekStart)).filter((v) => v.metric.days > 0);
  const seriesOf = (name: string) => metricViews.find((v) => v.metric.name === name)?.series;

  const weekOf = (name: string) => new Map(aggregate(seriesOf(name) ?? dailySeries([], dataFrom, to), 'week', weekStart).map((b) => [b.start, b.value]));
  const counts = aggregate(dailySeries(store.metrics.entryCountsByDay(dataFrom, to).map((d) => ({ date: d.date, mean: d.count, count: d.count })), dataFrom, to), 'week', weekStart);
  const [mood, anxiety, sleep] = [weekOf('mood'), weekOf('anxiety'), weekOf('sleep')];
  const weeks = counts.map((b) => ({ weekStart: b.start, mood: mood.get(b.start) ?? null, anxiety: anxiety.get(b.start) ?? null, sleep: sleep.get(b.start) ?? null, entries: b.count }));

  const beforeAfterRows = sessions.map((s: NumberedSession) => {
    const around = dailySeries(store.metrics.dailyMeans('mood', addDays(s.localDate, -7), addDays(s.localDate, 7)), addDays(s.localDate, -7), addDays(s.localDate, 7));
    const ba = beforeAfter(around, s.localDate);
    return { session: s.number, date: s.localDate, before: ba.before, after: ba.after, change: ba.change };
  }).filter(() => seriesOf('mood') !== undefined);

  const assessments: SummaryAssessment[] = [];
  for (const pack of instruments(packs)) {
    const all = resultsOf(store, pack);
    const inPeriod = all.filter((r) => r.date >= from && r.date <= to);
    if (!inPeriod.length) continue;
    const baseline = all.filter((r) => r.date < from).at(-1) ?? (inPeriod.length > 1 ? inPeriod[0] : undefined);
    const latest = inPeriod.at(-1)!;
    const unit = pack.scoring?.unit ?? '';
    let change = 'a single result';
    if (baseline && baseline !== latest) {
      const diff = round1(latest.score - baseline.score);
      const improved = diff !== 0 && (diff > 0) === pack.scoring!.higherIsBetter;
      change = diff === 0 ? `no change since ${baseline.date}` : `${diff > 0 ? '+' : '−'}${Math.abs(diff)}${unit} since ${baseline.date} (${improved ? 'better' : 'worse'})`;
    }
    assessments.push({ title: pack.title, unit, higherIsBetter: pack.scoring!.higherIsBetter, results: inPeriod.map((r) => ({ date: r.date, score: r.score, band: r.band })), change });
  }

  type Sortable = SummaryText & { sort: string };
  const insightAnswers: Sortable[] = store.summary.flaggedAnswers(from, to, 'insight', filter)
    .filter((a) => textOf(a.value).trim() !== '')
    .map((a) => ({ date: a.localDate, context: context(a.createdAt, a.localDate), prompt: a.prompt, text: textOf(a.value), sort: a.createdAt }));
  const starred: Sortable[] = store.summary.starred(from, to, filter)
    .map((e) => ({ date: e.localDate, context: context(e.createdAt, e.localDate), text: e.text, sort: e.createdAt }));
  const insights = [...insightAnswers, ...starred].sort((a, b) => b.sort.localeCompare(a.sort));

  const discuss: SummaryDiscuss[] = store.summary.flaggedAnswers(from, to, 'discuss-or-role', filter)
    .filter((a) => textOf(a.value).trim() !== '')
    .map((a) => ({
      date: a.localDate, context: context(a.createdAt, a.localDate), prompt: a.prompt, text: textOf(a.value),
      kind: a.role === 'decision' ? 'decision' : a.role === 'unreal' ? 'unreal' : 'discuss',
    }));

  const dayOf = (iso: string | null) => (iso ? localDateAt(new Date(iso), utcOffsetMinutes(new Date(iso))) : '');
  // An intention written in a private (or excluded) reflection is that reflection's text.
  const fromShareable = (sourceEntryId: string | null) => {
    const source = sourceEntryId ? store.entries.get(sourceEntryId) : undefined;
    return !source || ((filter.includePrivate || !source.private) && !source.tags.some((t) => filter.excludeTags.includes(t)));
  };
  const intentions = store.intentions.all().filter((i) => fromShareable(i.sourceEntryId));
  const inRange = (day: string) => day >= from && day <= to;

  const overview = store.summary.overview(from, to);
  return {
    from, to, days: daysBetween(from, to) + 1,
    generatedAt: localDateTimeAt(now.toISOString(), utcOffsetMinutes(now)),
    overview: { entries: overview.entries, daysWithEntries: overview.days, sessions: sessions.length },
    sessions: sessions.map((s) => ({ number: s.number, date: s.localDate, route: ROUTE_LABELS[s.route], doseMg: s.doseMg, intention: s.intention, notes: s.notes })),
    metrics: metricViews.map((v) => v.metric),
    weeks,
    beforeAfter: beforeAfterRows,
    assessments,
    insights: insights.slice(0, MAX_INSIGHTS).map(({ date, context: c, prompt, text }) => ({ date, context: c, prompt, text })),
    moreInsights: Math.max(0, insights.length - MAX_INSIGHTS),
    intentions: {
      open: intentions.filter((i) => i.status === 'open' && dayOf(i.createdAt) <= to).map((i) => ({ text: i.text, date: dayOf(i.createdAt) })),
      done: intentions.filter((i) => i.status === 'done' && inRange(dayOf(i.closedAt))).map((i) => ({ text: i.text, date: dayOf(i.closedAt) })),
      dropped: intentions.filter((i) => i.status === 'dropped' && inRange(dayOf(i.closedAt))).map((i) => ({ text: i.text, date: dayOf(i.closedAt) })),
    },
    practices: store.summary.practiceCounts(from, to, filter).map((p) => ({ name: p.practice, count: p.count })),
    themes: store.summary.tagCounts(from, to, filter).map((t) => ({ name: t.tag, count: t.count })),
    discuss,
    safety: store.safety.between(from, to).map((f) => ({ date: f.localDate, what: SAFETY_FLAG_LABELS[f.kind] ?? f.kind })),
    includePrivate: filter.includePrivate,
    excludedTags: filter.excludeTags,
    moodSeries: (seriesOf('mood') ?? []).map((p) => ({ date: p.date, value: p.value })),
    sessionDays: sessions.map((s) => ({ number: s.number, date: s.localDate })),
  };
}

export async function runSummary(opts: SummaryOptions, ctx: Ctx): Promise<void> {
  const format = (opts.format ?? (opts.out?.toLowerCase().endsWith('.html') ? 'html' : 'md')).toLowerCase();
  if (format !== 'md' && format !== 'html') throw new UsageError(`--format must be md or html; got "${opts.format}".`);
  const excludeTags = (opts.excludeTag ?? []).map((t) => normaliseTag(t, '--exclude-tag'));
  const now = ctx.clock.now();
  const existing = ctx.existingStore();
  const { from, to } = await period(opts, existing, now);
  if (!existing) {
    ctx.io.err('No entries yet, so there is nothing to summarise. Start with: integrate checkin --mood 6\n');
    return;
  }
  const model = buildSummary(existing, ctx, from, to, { includePrivate: Boolean(opts.includePrivate), excludeTags }, await loadAllPacks(ctx, false));
  const markdown = summaryMarkdown(model);
  const document = format === 'html' ? (await import('../render/html.js')).summaryHtml(model, markdown) : markdown;

  if (opts.out) {
    const written = writeOutput(opts.out, await document, { database: ctx.dbPath().path, stdout: ctx.io.out });
    ctx.store().summary.setMeta(LAST_SUMMARY_KEY, localDate(now));
    ctx.io.err(`Wrote ${sanitizeLine(written)}\n`);
    return;
  }
  if (format === 'md' && ctx.io.stdoutIsTTY) {
    const { renderMarkdownForTerminal } = await import('../render/terminal.js');
    ctx.io.out(await renderMarkdownForTerminal(markdown, ctx.io));
    return;
  }
  ctx.io.out(await document);
}
