// Terminal line charts of one metric over time, drawn with asciichart (loaded
// lazily: only `integrate mood` pays for it). On top of asciichart this adds
// what a person needs to read the chart honestly: gaps for days without data
// (asciichart 1.5 cannot draw NaN, so each run of days is plotted on its own
// and laid into one grid), a y-axis in the metric's own scale, a date axis
// with session markers (▲) and a legend, and fitting to the terminal width
// by switching to weekly or monthly means.
import type { PlotConfig } from 'asciichart';
import { METRIC_LIMIT, metricSpec } from '../domain/metrics.js';
import { aggregate, type DailyPoint, type Granularity, type WeekStart } from '../domain/trends.js';
import { sanitizeLine } from './sanitize.js';
import { wrapItems } from './wrap.js';

export type Plot = (series: number[], cfg: PlotConfig) => string;

/** asciichart's plot, imported on first use. */
export async function loadPlot(): Promise<Plot> {
  // A CommonJS module: Node hands it over as the default export.
  const mod = await import('asciichart');
  return (mod.default ?? mod).plot;
}

// asciichart's symbols, except the first-value symbol (index 0) is the plain
// axis tee: run starts are drawn here, and the zero row gets no cross.
const SYMBOLS = ['┤', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'];
const RUN_START = '╶';
const LONE_POINT = '•';
const SESSION_MARK = '▲';

/**
 * A value as the chart draws it: within what a metric holds. A journal from before the limit may
 * hold a value near 1e308, whose mean is Infinity: the y-axis never settled on a step for it.
 */
const bounded = (v: number) => Math.max(-METRIC_LIMIT, Math.min(METRIC_LIMIT, Number.isNaN(v) ? 0 : v));

export interface YScale {
  min: number;
  max: number;
  /** Rows between min and max (the chart has rows + 1 lines). */
  rows: number;
  label: (value: number) => string;
}

/** Axis label: at most one decimal, with the metric's unit (e.g. "7.5h"). */
function axisLabel(unit: string): (value: number) => string {
  return (value) => `${Math.round(value * 10) / 10}${unit}`;
}

/**
 * The y-axis for a metric: the whole scale for bounded 0–10 metrics (so
 * charts can be compared); for the rest (sleep hours, a pack's own scale) the
 * data's range widened to whole numbers and at least 4 units. Rows never
 * exceed `maxRows`; the step between labels is a whole number (or a half,
 * for fractional metrics such as sleep) and min a multiple of it, so values
 * land on the nearest row.
 */
export function yScale(metric: string, dataMin: number | null, dataMax: number | null, maxRows = 10): YScale {
  const spec = metricSpec(metric);
  const label = axisLabel(spec?.unit ?? '');
  dataMin = dataMin === null ? null : bounded(dataMin);
  dataMax = dataMax === null ? null : bounded(dataMax);
  let lo: number;
  let hi: number;
  if (spec && spec.max - spec.min <= 10) {
    lo = spec.min;
    hi = spec.max;
  } else {
    lo = Math.floor(dataMin ?? spec?.min ?? 0);
    hi = Math.ceil(dataMax ?? lo);
    if (hi - lo < 4) hi = lo + 4;
    if (spec && hi > spec.max) { hi = spec.max; lo = Math.max(spec.min, hi - 4); }
  }
  const top = Math.max(1, maxRows);
  // Half steps for metrics with fractions (sleep hours) when the rows allow it.
  const first = spec?.integer === false && (hi - lo) * 2 <= top ? 0.5 : Math.max(1, Math.ceil((hi - lo) / top));
  for (let step = first; ; step = Math.floor(step) + 1) {
    const min = Math.floor(lo / step) * step;
    const max = Math.ceil(hi / step) * step;
    const rows = Math.round((max - min) / step);
    if (rows <= top) return { min, max, rows, label };
  }
}

/** Columns the y labels take, with the space before the axis. */
export function labelWidthOf(scale: YScale): number {
  let widest = 0;
  for (let i = 0; i <= scale.rows; i++) {
    widest = Math.max(widest, scale.label(scale.min + ((scale.max - scale.min) * i) / scale.rows).length);
  }
  return widest + 1;
}

export interface PlotLines {
  lines: string[];
  /** Columns taken by the y labels; the axis is at this column and point i at labelWidth + 1 + i. */
  labelWidth: number;
}

/**
 * Plots values (null = gap) against a fixed y scale: labels, the axis, and
 * the line, one column per value. `paint` colours the line itself.
 */
export function plotWithGaps(
  plot: Plot,
  values: readonly (number | null)[],
  scale: YScale,
  paint: (s: string) => string = (s) => s,
): PlotLines {
  const labelWidth = labelWidthOf(scale);
  const cfg: PlotConfig = {
    min: scale.min,
    max: scale.max,
    height: scale.rows,
    offset: 2,
    symbols: SYMBOLS,
    format: (x) => `${scale.label(x).padStart(labelWidth - 1)} `,
  };
  // Any stored number can be drawn: one outside the scale sits on its edge (renderMetricChart says so).
  values = values.map((v) => (v === null ? null : Math.min(scale.max, Math.max(scale.min, v))));
  const ratio = scale.rows / (scale.max - scale.min);
  // The same rounding asciichart uses, to find a value's row.
  const rowOf = (v: number) => scale.rows - (Math.round(v * ratio) - Math.round(scale.min * ratio));

  // The frame: labels and axis only (a one-point plot whose point is drawn as the axis itself).
  const frame = plot([scale.min], cfg).split('\n');
  const grid = frame.map((line) => [...line.slice(0, labelWidth + 1), ...Array<string>(values.length).fill(' ')]);

  for (let s = 0; s < values.length; s++) {
    if (values[s] === null) continue;
    let e = s;
    while (e + 1 < values.length && values[e + 1] !== null) e++;
    const run = values.slice(s, e + 1) as number[];
    grid[rowOf(run[0]!)]![labelWidth + 1 + s] = run.length > 1 ? RUN_START : LONE_POINT;
    if (run.length > 1) {
      // In asciichart's output the step into point j is drawn at column labelWidth + j.
      const drawn = plot(run, cfg).split('\n');
      drawn.forEach((line, row) => {
        for (let j = 1; j < run.length; j++) {
          const ch = line[labelWidth + j];
          if (ch !== undefined && ch !== ' ') grid[row]![labelWidth + 1 + s + j] = ch;
        }
      });
    }
    s = e;
  }
  const lines = grid.map((cells) => {
    const head = cells.slice(0, labelWidth + 1).join('');
    const body = cells.slice(labelWidth + 1).join('').replace(/[^ ]+/g, (m) => paint(m)).trimEnd();
    return `${head}${body}`;
  });
  return { lines, labelWidth };
}

/** A chart point: a day, or the first day of a week (Monday) or month. */
export interface ChartPoint {
  date: string;
  value: number | null;
}

export interface FittedSeries {
  granularity: Granularity;
  points: ChartPoint[];
  /** Months left out at the start when even monthly means do not fit. */
  dropped: number;
}

/** Daily points if they fit in `maxPoints` columns, else weekly, else monthly means (the latest that fit). */
export function fitSeries(daily: readonly DailyPoint[], maxPoints: number, weekStart: WeekStart = 'monday'): FittedSeries {
  const room = Math.max(1, maxPoints);
  if (daily.length <= room) return { granularity: 'day', points: daily.map(({ date, value }) => ({ date, value })), dropped: 0 };
  const weeks = aggregate(daily, 'week', weekStart);
  if (weeks.length <= room) return { granularity: 'week', points: weeks.map((b) => ({ date: b.start, value: b.value })), dropped: 0 };
  const months = aggregate(daily, 'month').map((b) => ({ date: b.start, value: b.value }));
  const dropped = Math.max(0, months.length - room);
  return { granularity: 'month', points: months.slice(dropped), dropped };
}

export interface ChartSession {
  number: number;
  date: string;
}

export interface MetricChartOptions {
  metric: string;
  /** The range shown, one point per day from the first to the last day. */
  daily: readonly DailyPoint[];
  sessions?: readonly ChartSession[];
  /** Terminal width. */
  columns: number;
  /** Most rows between the lowest and highest label (default 10). */
  maxRows?: number;
  /** Colours the line; identity when colour is off. */
  paint?: (s: string) => string;
  /** Colours the session markers; identity when colour is off. */
  mark?: (s: string) => string;
  /** First day of a week when days are grouped into weeks (the weekStart setting). */
  weekStart?: WeekStart;
}

export interface MetricChart {
  lines: string[];
  /** The points drawn (days, weeks or months). */
  fitted: FittedSeries;
  /** The y scale used, so a sparkline beside the chart can share it. */
  scale: YScale;
}

const GRANULARITY_WORDS: Record<Granularity, string> = { day: 'daily means', week: 'weekly means', month: 'monthly means' };

interface AxisLabel {
  column: number;
  text: string;
}

/** Places first, middle and last labels under a plot `width` columns wide, dropping the middle, then the last, where they would collide. */
function placeLabels(first: AxisLabel, middle: AxisLabel | undefined, last: AxisLabel | undefined, width: number): { line: string; count: number } {
  const placed = [{ start: first.column, text: first.text }];
  const after = (start: number) => start >= placed[placed.length - 1]!.start + placed[placed.length - 1]!.text.length + 2;
  const lastStart = last ? Math.max(0, width - last.text.length) : 0;
  if (middle) {
    const start = middle.column - Math.floor(middle.text.length / 2);
    if (after(start) && (!last || lastStart >= start + middle.text.length + 2)) placed.push({ start, text: middle.text });
  }
  if (last && after(lastStart)) placed.push({ start: lastStart, text: last.text });
  return { line: placed.reduce((line, p) => line.padEnd(p.start) + p.text, ''), count: placed.length };
}

/**
 * The date line under the axis: the first, middle and last points' dates.
 * Narrow charts fall back to MM-DD (the header gives the years) rather than
 * lose a date.
 */
function dateAxis(points: readonly ChartPoint[], granularity: Granularity, stretch: number): string {
  const n = points.length;
  if (n === 0) return '';
  const width = n * stretch;
  const indexes = [0, n > 2 ? Math.floor((n - 1) / 2) : -1, n > 1 ? n - 1 : -1];
  const attempt = (text: (date: string) => string) => {
    const [first, middle, last] = indexes.map((i) => (i < 0 ? undefined : { column: i * stretch, text: text(points[i]!.date) }));
    return placeLabels(first!, middle, last, width);
  };
  const full = attempt((d) => (granularity === 'month' ? d.slice(0, 7) : d));
  const wanted = indexes.filter((i) => i >= 0).length;
  if (full.count === wanted || granularity === 'month') return full.line;
  const short = attempt((d) => d.slice(5));
  return short.count > full.count ? short.line : full.line;
}

/**
 * The whole chart block for one metric: a header (name, scale, granularity,
 * range), the plot, the date axis with ▲ at session days, and the session
 * legend. Returns the fitted series and scale too, so a sparkline can follow it.
 */
export async function renderMetricChart(opts: MetricChartOptions): Promise<MetricChart> {
  const paint = opts.paint ?? ((s: string) => s);
  const mark = opts.mark ?? ((s: string) => s);
  const spec = metricSpec(opts.metric);
  const daily = opts.daily.map((p) => (p.value === null || bounded(p.value) === p.value ? p : { ...p, value: bounded(p.value) }));
  const present = daily.filter((p) => p.value !== null).map((p) => p.value!);
  const scale = yScale(
    opts.metric,
    present.length ? present.reduce((a, b) => Math.min(a, b)) : null,
    present.length ? present.reduce((a, b) => Math.max(a, b)) : null,
    opts.maxRows,
  );
  // The labels, the axis, and the last column kept free so no terminal wraps the line.
  const room = opts.columns - labelWidthOf(scale) - 2;
  const fitted = fitSeries(daily, room, opts.weekStart);
  const n = fitted.points.length;
  // Short ranges are stretched (each point 2 or 3 columns) so they stay readable.
  const stretch = Math.max(1, Math.min(3, Math.floor(room / Math.max(1, n))));
  const values = fitted.points.flatMap((p) => Array<number | null>(stretch).fill(p.value));

  const plot = await loadPlot();
  const drawn = plotWithGaps(plot, values, scale, paint);

  const from = opts.daily[0]?.date ?? '';
  const to = opts.daily[opts.daily.length - 1]?.date ?? '';
  const title = spec ? `${spec.label} (${spec.scale})` : sanitizeLine(opts.metric);
  let about = `${title} · ${GRANULARITY_WORDS[fitted.granularity]} · ${from} to ${to}`;
  if (fitted.granularity !== 'day') {
    const what = fitted.granularity === 'week' ? "a week's" : "a month's";
    const shown = fitted.dropped ? `; only the last ${n} months are shown` : '';
    about += ` (${opts.daily.length} days do not fit in ${opts.columns} columns, so each point is ${what} mean${shown})`;
  }
  const outside = present.filter((v) => v < scale.min || v > scale.max).length;
  if (outside) about += ` · ${outside} day${outside === 1 ? '' : 's'} outside ${scale.label(scale.min)}–${scale.label(scale.max)} drawn at the edge`;
  const header = wrapItems(about.split(' '), opts.columns - 1);

  // Sessions fall on the point (day, week or month) that contains them.
  const shownFrom = fitted.points[0]?.date ?? from;
  const sessions = (opts.sessions ?? []).filter((s) => s.date >= shownFrom && s.date <= to);
  const marked = new Set<number>();
  for (const s of sessions) {
    let index = 0;
    while (index + 1 < n && fitted.points[index + 1]!.date <= s.date) index++;
    marked.add(index * stretch);
  }
  const width = n * stretch;
  const axis = Array.from({ length: width }, (_, col) => (marked.has(col) ? mark(SESSION_MARK) : '─')).join('');
  const pad = ' '.repeat(drawn.labelWidth + 1);
  const dates = dateAxis(fitted.points, fitted.granularity, stretch);

  const lines = [...header, ...drawn.lines, `${' '.repeat(drawn.labelWidth)}└${axis}`, `${pad}${dates}`.trimEnd()];
  if (sessions.length) {
    const items = sessions.map((s) => `${mark(SESSION_MARK)} session ${s.number} (${s.date})`);
    lines.push(...wrapItems(items, opts.columns - 1, '   ', pad));
  }
  return { lines, fitted, scale };
}
