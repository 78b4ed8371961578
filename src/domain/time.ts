// Instants are stored as UTC ISO strings plus the local UTC offset (minutes
// east of UTC) at the moment of writing; days are the user's local days.
// These helpers take the offset from the Date, i.e. the process time zone.

export const DAY_MS = 86_400_000;

/** Minutes east of UTC for this instant in the process time zone (Berlin winter: 60). */
export function utcOffsetMinutes(date: Date): number {
  const offset = -date.getTimezoneOffset();
  return offset === 0 ? 0 : offset; // avoid -0
}

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** YYYY-MM-DD of the instant as seen at the given offset. */
export function localDateAt(date: Date, offsetMinutes: number): string {
  return new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function localDate(date: Date): string {
  return localDateAt(date, utcOffsetMinutes(date));
}

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** ISO 8601 with the given local offset, e.g. 2026-11-21T10:15:00+01:00. */
export function isoWithOffset(utcIso: string, offsetMinutes: number): string {
  return `${shiftedWallTime(utcIso, offsetMinutes)}${formatOffset(offsetMinutes)}`;
}

const throughDate = (utcIso: string, offsetMinutes: number) => new Date(new Date(utcIso).getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * "YYYY-MM-DDTHH:MM:SS" of a UTC instant as seen at the offset. An instant as integrate stores it
 * (toISOString's shape, every field in range) is shifted by arithmetic on its fields, with at most a
 * day's carry: an export formats one per entry, and through Date that was about a thirtieth of its
 * time. Anything else goes through Date.
 */
function shiftedWallTime(utcIso: string, offsetMinutes: number): string {
  if (!STORED_INSTANT.test(utcIso) || !Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) >= 1440) return throughDate(utcIso, offsetMinutes);
  if (offsetMinutes === 0) return utcIso.slice(0, 19);
  const field = (from: number) => (utcIso.charCodeAt(from) - 48) * 10 + utcIso.charCodeAt(from + 1) - 48;
  let year = field(0) * 100 + field(2);
  let month = field(5);
  let day = field(8);
  const hour = field(11);
  const minute = field(14);
  // A field out of range (a row written by hand) is left to Date, which rolls it over or refuses it as before.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || field(17) > 59) return throughDate(utcIso, offsetMinutes);
  let minutes = hour * 60 + minute + offsetMinutes;
  if (minutes < 0) {
    minutes += 1440;
    if (--day === 0) {
      if (--month === 0) {
        month = 12;
        year--;
      }
      day = daysInMonth(year, month);
    }
  } else if (minutes >= 1440) {
    minutes -= 1440;
    if (++day > daysInMonth(year, month)) {
      day = 1;
      if (++month === 13) {
        month = 1;
        year++;
      }
    }
  }
  // Years 0000 and 10000 and beyond are not ISO 8601's four digits: Date words those.
  if (year < 1 || year > 9999) return throughDate(utcIso, offsetMinutes);
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(Math.floor(minutes / 60))}:${two(minutes % 60)}${utcIso.slice(16, 19)}`;
}

/** "YYYY-MM-DD HH:MM" as seen at the offset. */
export function localDateTimeAt(utcIso: string, offsetMinutes: number): string {
  const shifted = shiftedWallTime(utcIso, offsetMinutes);
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/**
 * Days since 1970-01-01 of a valid local date "YYYY-MM-DD", by arithmetic
 * (days from civil, proleptic Gregorian): counting streaks over ten years of
 * days took 10 ms through Date.parse. Only for dates already known to be
 * valid (read from the journal); daysBetween checks its input.
 */
export function dayNumber(day: string): number {
  const digits = (from: number, to: number) => {
    let value = 0;
    for (let i = from; i < to; i++) value = value * 10 + day.charCodeAt(i) - 48;
    return value;
  };
  const month = digits(5, 7);
  const year = digits(0, 4) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + digits(8, 10) - 1;
  return era * 146097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719468;
}

/** Whole days from local date a to local date b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function isValidDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m !== null && calendarProblem({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }) === undefined;
}

/** The years integrate keeps: before 1900 is a typo (or a two-digit year read as 19xx), after 9999 not ISO 8601. */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 9999;

export interface CalendarFields {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1–12) of the proleptic Gregorian calendar, by arithmetic: an import checks a date per record. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : MONTH_DAYS[month - 1]!;
}

/**
 * Why a calendar date and time is not one integrate keeps, or undefined when it is.
 * The one check every date read from a flag or a file goes through, so that
 * nothing is silently rolled over (2026-02-30 is not 2026-03-02).
 */
export function calendarProblem(f: CalendarFields): string | undefined {
  const values = [f.year, f.month, f.day, f.hour ?? 0, f.minute ?? 0, f.second ?? 0];
  if (!values.every(Number.isInteger)) return 'is not a date';
  if (f.year < EARLIEST_YEAR) return `is before ${EARLIEST_YEAR}; give the full year, e.g. 2026`;
  if (f.year > LATEST_YEAR) return `is after the year ${LATEST_YEAR}`;
  if (f.month < 1 || f.month > 12) return `has no month ${f.month}`;
  const last = daysInMonth(f.year, f.month);
  if (f.day < 1 || f.day > last) return `is not a real date (${MONTH_NAMES[f.month - 1]} ${f.year} has ${last} days)`;
  if ((f.hour ?? 0) < 0 || (f.hour ?? 0) > 23 || (f.minute ?? 0) < 0 || (f.minute ?? 0) > 59 || (f.second ?? 0) < 0 || (f.second ?? 0) > 59) {
    return 'is not a real time of day';
  }
  return undefined;
}

/** calendarProblem for an instant, read in UTC (with a zone at most a day away, the year bounds still hold). */
export function instantProblem(date: Date): string | undefined {
  if (Number.isNaN(date.getTime())) return 'is not a date';
  return calendarProblem({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

export interface IsoDateTime extends CalendarFields {
  /** Whether a time of day was given. */
  hasTime: boolean;
  millisecond: number;
  /** Minutes east of UTC when the text carries a zone (Z or ±HH:MM), else undefined (local wall-clock time). */
  offset?: number;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Reads "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS[.fff]]" and the same with "T" and a zone.
 * Returns undefined when the text is not in this shape, and throws a
 * RangeError with the reason when it is but names no real date or zone.
 */
export function parseIsoDateTime(text: string): IsoDateTime | undefined {
  const m = ISO_DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const fields: IsoDateTime = {
    year: Number(y), month: Number(mo), day: Number(d), hour: h === undefined ? undefined : Number(h),
    minute: mi === undefined ? undefined : Number(mi), second: s === undefined ? undefined : Number(s), hasTime: h !== undefined,
    millisecond: frac ? Math.floor(Number(`0${frac}`) * 1000) : 0,
  };
  const problem = calendarProblem(fields);
  if (problem) throw new RangeError(problem);
  if (zone) {
    if (zone.toUpperCase() === 'Z') fields.offset = 0;
    else {
      const digits = zone.slice(1).replace(':', '');
      const hours = Number(digits.slice(0, 2));
      const minutes = Number(digits.slice(2, 4));
      if (hours > 14 || minutes > 59) throw new RangeError(`has no real UTC offset (${zone})`);
      const offset = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
      fields.offset = offset === 0 ? 0 : offset;
    }
  }
  return fields;
}

/** The instant of ISO fields that carry a zone. */
export function isoFieldsToInstant(f: IsoDateTime): Date {
  return new Date(Date.UTC(f.year, f.month - 1, f.day, f.hour ?? 0, f.minute ?? 0, f.second ?? 0, f.millisecond) - (f.offset ?? 0) * 60_000);
}
