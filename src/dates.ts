// Turns what the user typed for --date/--since/--until into an instant.
// ISO forms are parsed here; natural words ("yesterday 21:00", "last friday")
// go to chrono-node, loaded only when needed.
import { calendarProblem, instantProblem, isoFieldsToInstant, parseIsoDateTime, type IsoDateTime } from './domain/time.js';
import { UsageError } from './errors.js';

export interface ParsedWhen {
  date: Date;
  /** True when the user named a day but no time of day. */
  dateOnly: boolean;
}

function invalid(flag: string, input: string): UsageError {
  return new UsageError(
    `${flag} "${input}" is not a date I understand. Use YYYY-MM-DD, "YYYY-MM-DD HH:MM", or words such as "yesterday 21:00" or "last friday".`,
  );
}

function impossible(flag: string, input: string, problem: string): UsageError {
  return new UsageError(`${flag} "${input}" ${problem}. Nothing was changed.`);
}

export function parseIsoWhen(input: string, flag: string): ParsedWhen | undefined {
  let f: IsoDateTime | undefined;
  try {
    f = parseIsoDateTime(input);
  } catch (err) {
    throw impossible(flag, input, (err as RangeError).message);
  }
  if (!f) return undefined;
  // A bare day means midday, so a day named in another zone stays that day.
  const hour = f.hour ?? 12;
  const date = f.offset !== undefined
    ? isoFieldsToInstant({ ...f, hour })
    : new Date(f.year, f.month - 1, f.day, hour, f.minute ?? 0, f.second ?? 0, f.millisecond);
  const problem = instantProblem(date);
  if (problem) throw impossible(flag, input, problem);
  return { date, dateOnly: !f.hasTime };
}

export async function parseWhen(raw: string, now: Date, flag = '--date', forward = false): Promise<ParsedWhen> {
  const input = raw.trim();
  if (input === '') throw new UsageError(`${flag} needs a value, e.g. ${flag} yesterday or ${flag} 2026-03-14.`);
  const iso = parseIsoWhen(input, flag);
  if (iso) return iso;
  const lower = input.toLowerCase();
  if (lower === 'now') return { date: new Date(now.getTime()), dateOnly: false };
  const chrono = await import('chrono-node');
  const results = chrono.casual.parse(input, now, { forwardDate: forward });
  const first = results[0];
  // Insist the whole input was understood, so "yesterdy 21:00" is not read as "21:00".
  if (!first || results.length !== 1 || first.index !== 0 || first.text.length !== input.length) throw invalid(flag, input);
  const date = first.start.date();
  if (Number.isNaN(date.getTime())) throw invalid(flag, input);
  // chrono reads "1 jan 1000" too; the same bounds as for ISO dates.
  const problem = calendarProblem({ year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() });
  if (problem) throw impossible(flag, input, problem);
  return { date, dateOnly: !first.start.isCertain('hour') };
}

/** Start of the local day containing the instant (process time zone). */
export function startOfLocalDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

/** Start of the local day after the one containing the instant. */
export function startOfNextLocalDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1);
}

export interface ResolvedRange {
  since?: Date;
  /** Exclusive upper bound. */
  until?: Date;
}

/** Resolves --since/--until/--days into instants; date-only bounds cover whole local days. */
export async function resolveRange(
  opts: { since?: string; until?: string; days?: string },
  now: Date,
): Promise<ResolvedRange> {
  const range: ResolvedRange = {};
  if (opts.days !== undefined && opts.since !== undefined) {
    throw new UsageError('Use either --days or --since, not both.');
  }
  if (opts.days !== undefined) {
    const days = parsePositiveInt(opts.days, '--days');
    range.since = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days + 1);
  }
  if (opts.since !== undefined) {
    const since = await parseWhen(opts.since, now, '--since');
    range.since = since.dateOnly ? startOfLocalDay(since.date) : since.date;
  }
  if (opts.until !== undefined) {
    const until = await parseWhen(opts.until, now, '--until');
    range.until = until.dateOnly ? startOfNextLocalDay(until.date) : new Date(until.date.getTime() + 1);
  }
  if (range.since && range.until && range.since >= range.until) {
    throw new UsageError('--since must be before --until.');
  }
  return range;
}

export function parsePositiveInt(raw: string, flag: string, max = 100_000): number {
  const text = raw.trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new UsageError(`${flag} must be a whole number from 1 to ${max}; got "${text}".`);
  }
  return Number(text);
}
