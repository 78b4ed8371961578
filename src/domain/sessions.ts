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
  doseMg: number | null;
  setting: string;
  guide: string;
  intention: string;
  notes: string;
}

/** A session with its number in date order (1 = the first). */
export interface NumberedSession extends Session {
  number: number;
}

export interface SessionJson {
  id: string;
  number: number;
  date: string;
  occurredAt: string;
  route: Route;
  doseMg: number | null;
  setting: string;
  guide: string;
  intention: string;
  notes: string;
}

/** "day 2 after session 4" (day 0 is the session day itself). */
export function dayAfterLabel(sessionNumber: number, sessionDate: string, entryDate: string): string {
  const days = daysBetween(sessionDate, entryDate);
  return days === 0 ? `day of session ${sessionNumber}` : `day ${days} after session ${sessionNumber}`;
}
