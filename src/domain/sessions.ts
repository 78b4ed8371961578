// Dosing sessions and where an entry sits relative to them.
import { daysBetween } from './time.js';

export const ROUTES = ['iv', 'im', 'oral', 'sublingual', 'intranasal', 'other'] as const;
export type Route = (typeof ROUTES)[number];

export const ROUTE_LABELS: Record<Route, string> = {
  iv: 'IV infusion',
  im: 'IM injection',
  oral: 'oral',
  sublingual: 'sublingual (lozenge)',
  intranasal: 'intranasal (spray)',
  other: 'other',
};

export interface Session {
  id: string;
  /** UTC ISO instant. */
  occurredAt: string;
  utcOffset: number;
  localDate: string;
  route: Route;
  /** The dose amount, in doseUnit (the name is older than the unit). */
  doseMg: number | null;
  /** mg (a fixed amount) or mg/kg (by body weight); absent means mg. */
  doseUnit?: DoseUnit;
  setting: string;
  guide: string;
  intention: string;
  notes: string;
  /** Kept out of summaries and shared (csv/md) exports; absent means not private. */
  private?: boolean;
}

export const DOSE_UNITS = ['mg', 'mg/kg'] as const;
export type DoseUnit = (typeof DOSE_UNITS)[number];

/** "35 mg", "0.5 mg/kg", or "" without a dose. */
export function formatDose(s: Pick<Session, 'doseMg' | 'doseUnit'>): string {
  return s.doseMg === null ? '' : `${Math.round(s.doseMg * 1000) / 1000} ${s.doseUnit ?? 'mg'}`;
}

/**
 * Reads a dose as people write it: "35", "35mg", "35 mg", "0.5 mg/kg", "0,5mg/kg".
 * A bare number is milligrams. Returns the problem (the caller names the flag).
 */
export function parseDose(raw: string): { value: number; unit: DoseUnit } | { problem: string } {
  const m = /^(\d+(?:[.,]\d+)?)\s*(mg\s*\/\s*kg|mg|)$/i.exec(raw.trim());
  if (!m) return { problem: 'write a number of mg, or mg/kg, such as 35, 35 mg or 0.5 mg/kg' };
  const value = Number(m[1]!.replace(',', '.'));
  const unit: DoseUnit = m[2]!.replace(/\s/g, '').toLowerCase() === 'mg/kg' ? 'mg/kg' : 'mg';
  const max = unit === 'mg' ? 10_000 : 50;
  if (!(value > 0) || value > max) return { problem: `a dose in ${unit} must be above 0 and at most ${max}` };
  return { value, unit };
}

/** A session with its number in date order (1 = the first). */
export interface NumberedSession extends Session {
  number: number;
  private: boolean;
  doseUnit: DoseUnit;
}

/** "day 2 after session 4" (day 0 is the session day itself). */
export function dayAfterLabel(sessionNumber: number, sessionDate: string, entryDate: string): string {
  const days = daysBetween(sessionDate, entryDate);
  return days === 0 ? `day of session ${sessionNumber}` : `day ${days} after session ${sessionNumber}`;
}

/** The latest session at or before an instant; sessions must be in date order. */
export function sessionBefore<T extends Session>(sessions: readonly T[], instant: string): T | undefined {
  let lo = 0;
  let hi = sessions.length - 1;
  let found: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sessions[mid]!.occurredAt <= instant) {
      found = sessions[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** "day 2 after session 4" for an entry, or undefined before the first session. */
export function entrySessionLabel(sessions: readonly NumberedSession[], entry: { createdAt: string; localDate: string }): string | undefined {
  const s = sessionBefore(sessions, entry.createdAt);
  return s ? dayAfterLabel(s.number, s.localDate, entry.localDate) : undefined;
}

/** The days right after a session when the post-session reflection is offered first. */
export const POST_SESSION_WINDOW_MS = 72 * 3_600_000;

export function inPostSessionWindow(session: Pick<Session, 'occurredAt'>, now: Date): boolean {
  return now.getTime() - Date.parse(session.occurredAt) <= POST_SESSION_WINDOW_MS;
}
