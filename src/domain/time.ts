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
  const shifted = new Date(new Date(utcIso).getTime() + offsetMinutes * 60_000).toISOString();
  return `${shifted.slice(0, 19)}${formatOffset(offsetMinutes)}`;
}

/** "YYYY-MM-DD HH:MM" as seen at the offset. */
export function localDateTimeAt(utcIso: string, offsetMinutes: number): string {
  const shifted = new Date(new Date(utcIso).getTime() + offsetMinutes * 60_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** Whole days from local date a to local date b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function isValidDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}
