// Numbers over time, as pure functions: daily series with honest gaps,
// weekly/monthly means, rolling and period means, before/after a session,
// check-in streaks. No I/O; days are the user's local days (YYYY-MM-DD), as
// stored in entries.local_date, so an entry at 23:30 belongs to that day.
//
// One rule throughout: a mean over several days is the mean of the DAILY
// means (each day weighs the same, however many check-ins it had), and days
// without data are left out, never counted as zero.
import { addDays, dayNumber, daysBetween } from './time.js';

/** One day's aggregate as the store returns it (days without data are simply absent). */
export interface DailyMean {
  date: string;
  mean: number;
  count: number;
}

/** A day's value (null: no data). Where this is accepted, the days without data may also be left out. */
export interface DatedValue {
  date: string;
  value: number | null;
}

/** One day of a contiguous series: `value` is null on days without data, and `count` is then 0. */
export interface DailyPoint extends DatedValue {
  count: number;
}

export type Granularity = 'day' | 'week' | 'month';

/** A week or a month of a daily series. */
export interface Bucket {
  /** First day of the calendar week (Monday) or month (YYYY-MM-01), even when the range starts later. */
  start: string;
  /** Mean of the daily values in the bucket; null when no day has data. */
  value: number | null;
  /** Values recorded (sum of the daily counts). */
  count: number;
  /** Days in the bucket that have data. */
  days: number;
}

/** A mean with the number of days it rests on. */
export interface Mean {
  mean: number | null;
  /** Days with data. */
  n: number;
}

export interface Summary {
  min: number | null;
  mean: number | null;
  max: number | null;
  /** Days with data. */
  n: number;
}

/**
 * Every day from `from` to `to` (inclusive, local dates) in order; days
 * missing from `rows` become `{ value: null, count: 0 }`. Rows outside the
 * range are ignored.
 */
export function dailySeries(rows: readonly DailyMean[], from: string, to: string): DailyPoint[] {
  const byDay = new Map(rows.map((r) => [r.date, r]));
  return daysFrom(from, daysBetween(from, to) + 1).map((date) => {
    const row = byDay.get(date);
    return row ? { date, value: row.mean, count: row.count } : { date, value: null, count: 0 };
  });
}

const monthLength = (year: number, month: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `count` consecutive days from `from`, counted on the calendar (a century of days without a Date per day). */
export function daysFrom(from: string, count: number): string[] {
  const out: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  let day = Number(from.slice(8, 10));
  for (let i = 0; i < count; i++) {
    out.push(`${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`);
    if (++day > monthLength(year, month)) {
      day = 1;
      if (++month > 12) { month = 1; year++; }
    }
  }
  return out;
}

export type WeekStart = 'monday' | 'sunday';

/** The first day (Monday by default, or Sunday) of the week that contains `day`. */
export function weekStart(day: string, first: WeekStart = 'monday'): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, first === 'sunday' ? -weekday : -((weekday + 6) % 7));
}

/** The first day of the month that contains `day`. */
export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The first day of the next week or month after the bucket starting at `start`. */
function nextBucket(start: string, granularity: 'week' | 'month'): string {
  if (granularity === 'week') return addDays(start, 7);
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7));
  return month === 12 ? `${String(year + 1).padStart(4, '0')}-01-01` : `${start.slice(0, 5)}${String(month + 1).padStart(2, '0')}-01`;
}

/**
 * Groups a daily series (in date order) into calendar weeks (Monday first)
 * or months, in order; gaps stay gaps.
 */
export function aggregate(series: readonly DailyPoint[], granularity: 'week' | 'month', first: WeekStart = 'monday'): Bucket[] {
  const startOf = granularity === 'week' ? (day: string) => weekStart(day, first) : monthStart;
  const buckets: Bucket[] = [];
  let bucket: Bucket | undefined;
  let end = '';
  let sum = 0;
  const close = () => {
    if (bucket) bucket.value = bucket.days ? sum / bucket.days : null;
  };
  for (const point of series) {
    // Date strings compare in calendar order, so only a new bucket costs date arithmetic.
    if (!bucket || point.date >= end) {
      close();
      bucket = { start: startOf(point.date), value: null, count: 0, days: 0 };
      end = nextBucket(bucket.start, granularity);
      buckets.push(bucket);
      sum = 0;
    }
    if (point.value !== null) {
      sum += point.value;
      bucket.days += 1;
      bucket.count += point.count;
    }
  }
  close();
  return buckets;
}

/** min / mean / max of the non-null values. */
export function summarize(values: readonly (number | null)[]): Summary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === null) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    n += 1;
  }
  return n === 0 ? { min: null, mean: null, max: null, n } : { min, mean: sum / n, max, n };
}

/** Mean of the daily values dated within [from, to] (inclusive). `points` may skip days without data. */
export function meanBetween(points: readonly DatedValue[], from: string, to: string): Mean {
  const { mean, n } = summarize(points.filter((p) => p.date >= from && p.date <= to).map((p) => p.value));
  return { mean, n };
}

/**
 * The mean of the `window` days ending with `day` (included): with window 7
 * and today, "the 7-day mean now". Days without data are left out.
 */
export function rollingMean(points: readonly DatedValue[], day: string, window = 7): Mean {
  return meanBetween(points, addDays(day, -(window - 1)), day);
}

/** The period of the same length that ends the day before `from`. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const length = daysBetween(from, to) + 1;
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

/**
 * The fewest days with data a side of a comparison needs: with fewer, one
 * odd day moves a mean by more than the change it would show.
 */
export const MIN_COMPARISON_DAYS = 5;

/** Two means compared, each with its n; `change` only when both sides have enough days. */
export interface Comparison {
  before: Mean;
  after: Mean;
  /** after − before, or null when either side has fewer than `minDays` days of data. */
  change: number | null;
  /** Both sides have at least `minDays` days with data. */
  enough: boolean;
  /** The side(s) with too few days, when not enough. */
  short: 'before' | 'after' | 'both' | null;
  minDays: number;
}

export function compareMeans(before: Mean, after: Mean, minDays = MIN_COMPARISON_DAYS): Comparison {
  const lowBefore = before.n < minDays;
  const lowAfter = after.n < minDays;
  const enough = !lowBefore && !lowAfter;
  return {
    before, after, enough, minDays,
    change: enough ? after.mean! - before.mean! : null,
    short: enough ? null : lowBefore && lowAfter ? 'both' : lowBefore ? 'before' : 'after',
  };
}

/** This period's mean against the same length of days just before it, each with its n. */
export function comparePeriods(points: readonly DatedValue[], from: string, to: string, minDays = MIN_COMPARISON_DAYS): Comparison & { previous: { from: string; to: string } } {
  const previous = previousPeriod(from, to);
  return { ...compareMeans(meanBetween(points, previous.from, previous.to), meanBetween(points, from, to), minDays), previous };
}

export interface BeforeAfter extends Comparison {
  /** The days each side covered (inclusive); a side may be empty (from > to) when sessions are on consecutive days. */
  windows: { before: { from: string; to: string }; after: { from: string; to: string } };
}

/**
 * The `window` days before a session day against the `window` days after it
 * (the session day itself belongs to neither). Neither side reaches another
 * session: the "after" days stop the day before the next session and the
 * "before" days start the day after the previous one, so sessions a week apart
 * do not share days. `points` must cover the windows for the n to be right;
 * days without data may be missing from it.
 */
export function beforeAfter(
  points: readonly DatedValue[], sessionDay: string, window = 7, minDays = MIN_COMPARISON_DAYS,
  neighbours: { previous?: string; next?: string } = {},
): BeforeAfter {
  const beforeFrom = neighbours.previous && addDays(neighbours.previous, 1) > addDays(sessionDay, -window) ? addDays(neighbours.previous, 1) : addDays(sessionDay, -window);
  const afterTo = neighbours.next && addDays(neighbours.next, -1) < addDays(sessionDay, window) ? addDays(neighbours.next, -1) : addDays(sessionDay, window);
  const windows = { before: { from: beforeFrom, to: addDays(sessionDay, -1) }, after: { from: addDays(sessionDay, 1), to: afterTo } };
  const cmp = compareMeans(meanBetween(points, windows.before.from, windows.before.to), meanBetween(points, windows.after.from, windows.after.to), minDays);
  return { ...cmp, windows };
}

/** For each of `days`, the days of the sessions just before and after it among `all` (default: `days`; any order). */
export function sessionNeighbours(days: readonly string[], all: readonly string[] = days): { previous?: string; next?: string }[] {
  const sorted = [...all].sort();
  return days.map((day) => {
    const previous = sorted.filter((d) => d < day).at(-1);
    const next = sorted.find((d) => d > day);
    return { ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
  });
}

export interface Streaks {
  /** Consecutive days with an entry ending today, or yesterday when today has none yet. */
  current: number;
  /** The longest run of consecutive days with an entry, ever. */
  longest: number;
  lastEntry: string | null;
  /** Days from the last entry to today (0 = today); null without entries. */
  daysSinceLast: number | null;
}

/** Streaks from the days that have at least one entry (any order, duplicates fine). Days after `today` are ignored. */
export function streaks(days: Iterable<string>, today: string): Streaks {
  const sorted = [...new Set(days)].filter((d) => d <= today).sort();
  let longest = 0;
  let run = 0;
  let previous: string | undefined;
  let previousNumber = 0;
  for (const day of sorted) {
    const number = dayNumber(day);
    run = previous !== undefined && number - previousNumber === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
    previousNumber = number;
  }
  const lastEntry = previous ?? null;
  const daysSinceLast = lastEntry === null ? null : daysBetween(lastEntry, today);
  const current = daysSinceLast !== null && daysSinceLast <= 1 ? run : 0;
  return { current, longest, lastEntry, daysSinceLast };
}

export interface WeekCount {
  /** Monday of the week. */
  weekStart: string;
  count: number;
}

/** Entries per calendar week for the `weeks` weeks ending with the week of `today` (oldest first). */
export function countsPerWeek(rows: readonly { date: string; count: number }[], today: string, weeks = 8, firstDay: WeekStart = 'monday'): WeekCount[] {
  const first = addDays(weekStart(today, firstDay), -7 * (weeks - 1));
  const out: WeekCount[] = Array.from({ length: weeks }, (_, i) => ({ weekStart: addDays(first, 7 * i), count: 0 }));
  for (const row of rows) {
    if (row.date < first || row.date > today) continue;
    out[Math.floor(daysBetween(first, row.date) / 7)]!.count += row.count;
  }
  return out;
}
