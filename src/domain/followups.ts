// The follow-up schedule after each dosing session: a post-session reflection
// once the person has rested, then returns at about a week and a month.
// Integration is weeks of coming back to what came up, not one entry the next
// day; a new session closes the previous session's open follow-ups.
import type { NumberedSession } from './sessions.js';
import { addDays, DAY_MS } from './time.js';
import { byCodeUnit } from './order.js';

/** Days after a session at which a follow-up opens; 0 is the post-session reflection. */
export const DEFAULT_FOLLOW_UP_DAYS: readonly number[] = [0, 7, 30];
/** No post-session nudge in the first hours: rest comes first. */
export const DEFAULT_REST_HOURS = 6;
/** The post-session reflection stays open for the first three days. */
export const POST_SESSION_OPEN_DAYS = 3;
/** A later follow-up stays open this long unless the next one opens first. */
export const FOLLOW_UP_OPEN_DAYS = 14;

export type FollowUpStatus = 'resting' | 'due' | 'done' | 'upcoming' | 'missed' | 'closed';

export interface FollowUpStep {
  sessionId: string;
  sessionNumber: number;
  /** Days after the session (0 = post-session). */
  day: number;
  pack: string;
  /** "one week after session 2" */
  label: string;
  /** UTC ISO instants. */
  opensAt: string;
  closesAt: string;
  status: FollowUpStatus;
  /** The reflection that did it. */
  doneBy?: { entryId: string; createdAt: string };
}

export interface PackEntry {
  id: string;
  pack: string;
  createdAt: string;
}

/** A follow-up day's pack: the first three days are post-session, then week-after, then month-after. */
export function followUpPack(day: number): string {
  if (day <= POST_SESSION_OPEN_DAYS) return 'post-session';
  return day <= 14 ? 'week-after' : 'month-after';
}

const WORDS: Record<number, string> = { 1: 'one day', 2: 'two days', 3: 'three days', 7: 'one week', 14: 'two weeks', 21: 'three weeks' };

/** "after session 3", "one week after session 3", "one month after session 3", "10 days after session 3". */
export function followUpLabel(day: number, sessionNumber: number): string {
  if (day === 0) return `after session ${sessionNumber}`;
  const span = WORDS[day] ?? (day >= 28 && day <= 31 ? 'one month' : day >= 56 && day <= 62 ? 'two months' : `${day} days`);
  return `${span} after session ${sessionNumber}`;
}

/**
 * Parses a follow-up schedule such as "0,7,30": whole days from 0 to 365, strictly
 * increasing, at most 8. Returns the problem as text (the caller names the setting).
 */
export function parseFollowUpDays(raw: string): { days: number[] } | { problem: string } {
  const parts = raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return { problem: 'needs at least one day' };
  if (parts.length > 8) return { problem: 'takes at most 8 days' };
  const days: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 365) return { problem: `"${part}" is not a whole number of days from 0 to 365` };
    const day = Number(part);
    if (days.length && day <= days[days.length - 1]!) return { problem: 'days must be in increasing order, each once' };
    days.push(day);
  }
  return { days };
}

/** Local midnight of a day, as an instant, at the session's UTC offset. */
function localMidnight(day: string, offsetMinutes: number): number {
  return Date.parse(`${day}T00:00:00Z`) - offsetMinutes * 60_000;
}

export interface ScheduleOptions {
  days?: readonly number[];
  restHours?: number;
}

/**
 * Every session's follow-ups and where each stands at `now`. Sessions in date
 * order; `entries` are reflections of the follow-up packs (any order). An entry
 * counts for the first step of its pack whose window it falls in, from the
 * previous step's opening (so doing it a little early counts) to the step's close.
 */
export function followUpSchedule(
  sessions: readonly NumberedSession[],
  entries: readonly PackEntry[],
  now: Date,
  opts: ScheduleOptions = {},
): FollowUpStep[][] {
  const days = opts.days ?? DEFAULT_FOLLOW_UP_DAYS;
  const restMs = (opts.restHours ?? DEFAULT_REST_HOURS) * 3_600_000;
  const sorted = [...entries].sort((a, b) => byCodeUnit(a.createdAt, b.createdAt));
  const claimed = new Set<string>();
  const nowMs = now.getTime();
  return sessions.map((session, index) => {
    const start = Date.parse(session.occurredAt);
    const next = sessions[index + 1];
    const nextStart = next ? Date.parse(next.occurredAt) : Infinity;
    const opens = days.map((day) => (day === 0 ? start + restMs : Math.max(start, localMidnight(addDays(session.localDate, day), session.utcOffset))));
    return days.map((day, i) => {
      const natural = day <= POST_SESSION_OPEN_DAYS ? start + (POST_SESSION_OPEN_DAYS * DAY_MS) : opens[i]! + FOLLOW_UP_OPEN_DAYS * DAY_MS;
      const natClose = Math.max(Math.min(natural, opens[i + 1] ?? Infinity), opens[i]! + DAY_MS / 2);
      const close = Math.min(natClose, nextStart);
      const earliest = i === 0 ? start : opens[i - 1]!;
      const pack = followUpPack(day);
      const done = sorted.find((e) => e.pack === pack && !claimed.has(e.id)
        && Date.parse(e.createdAt) >= earliest && Date.parse(e.createdAt) < close);
      if (done) claimed.add(done.id);
      let status: FollowUpStatus;
      if (done) status = 'done';
      else if (nowMs >= close) status = close === nextStart && nextStart < natClose ? 'closed' : 'missed';
      else if (nowMs >= opens[i]!) status = 'due';
      else status = day === 0 && nowMs >= start ? 'resting' : 'upcoming';
      return {
        sessionId: session.id,
        sessionNumber: session.number,
        day,
        pack,
        label: followUpLabel(day, session.number),
        opensAt: new Date(opens[i]!).toISOString(),
        closesAt: new Date(close === Infinity ? natClose : close).toISOString(),
        status,
        ...(done ? { doneBy: { entryId: done.id, createdAt: done.createdAt } } : {}),
      };
    });
  });
}

/** The one follow-up to suggest now: the latest session's open step, if any. */
export function dueFollowUp(schedule: readonly FollowUpStep[][]): FollowUpStep | undefined {
  const latest = schedule[schedule.length - 1];
  return latest?.find((s) => s.status === 'due');
}

/** The post-session step while the person should rest first (no nudge yet). */
export function restingAfter(schedule: readonly FollowUpStep[][]): FollowUpStep | undefined {
  return schedule[schedule.length - 1]?.find((s) => s.status === 'resting');
}

/**
 * Whether the weekly review is worth suggesting today: only on the first day of
 * the week, and only when no weekly review was written in the six days before.
 */
export function weeklyReviewDue(today: string, weekStart: 'monday' | 'sunday', lastWeeklyDay: string | undefined): boolean {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  if (weekday !== (weekStart === 'monday' ? 1 : 0)) return false;
  return lastWeeklyDay === undefined || lastWeeklyDay < addDays(today, -6);
}

/**
 * The pre-session reflection is suggested the day before a planned session and
 * on its day (before it starts), unless one was written since the last session
 * (or within the two days before, when there is none).
 */
export function preSessionDue(now: Date, today: string, planned: { occurredAt: string; localDate: string } | undefined, lastPreSessionAt: string | undefined, lastSessionAt: string | undefined): boolean {
  if (!planned || Date.parse(planned.occurredAt) <= now.getTime()) return false;
  if (planned.localDate !== today && planned.localDate !== addDays(today, 1)) return false;
  const since = lastSessionAt ?? new Date(now.getTime() - 2 * DAY_MS).toISOString();
  return lastPreSessionAt === undefined || lastPreSessionAt < since;
}

/** Where the follow-ups stand now (what journal, home and session show read). */
export interface FollowUpState {
  schedule: FollowUpStep[][];
  /** The one follow-up to suggest now, if any. */
  due: FollowUpStep | undefined;
  /** The post-session step of a session that started less than the rest hours ago. */
  resting: FollowUpStep | undefined;
  /** The weekly review, suggested on the first day of the week when not done. */
  weeklyDue: boolean;
  /** The next planned session, if one is on the calendar. */
  planned: NumberedSession | undefined;
  /** The day before (or the day of) a planned session, with no pre-session reflection yet. */
  preSessionDue: boolean;
}

/** What the follow-up state is worked out from: the store's facts and the person's schedule settings. */
export interface FollowUpFacts {
  now: Date;
  today: string;
  /** Every session, past and planned, in date order. */
  sessions: readonly NumberedSession[];
  /** Reflections of the follow-up packs since the first past session. */
  entries: readonly PackEntry[];
  /** Local day of the latest weekly review in the last eight days. */
  lastWeeklyDay: string | undefined;
  /** UTC instant of the latest pre-session reflection in the last 60 days. */
  lastPreSessionAt: string | undefined;
  days: readonly number[];
  restHours: number;
  weekStart: 'monday' | 'sunday';
}

/** The follow-up packs whose entries `followUpFacts.entries` must hold for these schedule days. */
export function followUpPacks(days: readonly number[]): string[] {
  return [...new Set(days.map(followUpPack))];
}

export function followUpState(facts: FollowUpFacts): FollowUpState {
  const nowIso = facts.now.toISOString();
  const past = facts.sessions.filter((s) => s.occurredAt <= nowIso);
  const planned = facts.sessions.find((s) => s.occurredAt > nowIso);
  const schedule = followUpSchedule(past, facts.entries, facts.now, { days: facts.days, restHours: facts.restHours });
  return {
    planned,
    preSessionDue: preSessionDue(facts.now, facts.today, planned, facts.lastPreSessionAt, past.at(-1)?.occurredAt),
    schedule,
    due: dueFollowUp(schedule),
    resting: restingAfter(schedule),
    weeklyDue: weeklyReviewDue(facts.today, facts.weekStart, facts.lastWeeklyDay),
  };
}

/** Why a reflection is suggested now, in priority order; the caller words it. */
export type ReflectionSuggestion =
  | { reason: 'follow-up'; pack: string; step: FollowUpStep }
  | { reason: 'resting'; pack: 'post-session'; step: FollowUpStep }
  | { reason: 'pre-session'; pack: 'pre-session'; planned: NumberedSession }
  | { reason: 'weekly'; pack: 'weekly' }
  | { reason: 'default'; pack: string };

/**
 * The one reflection to suggest now: an open follow-up (the post-session reflection once
 * rested, then a week and a month after) comes first; during the rest hours the post-session
 * reflection is there for whoever wants it; then the pre-session reflection before a planned
 * session; then the weekly review on the first day of the week; else the person's default pack.
 */
export function nextReflection(state: FollowUpState, defaultPack: string): ReflectionSuggestion {
  if (state.due) return { reason: 'follow-up', pack: state.due.pack, step: state.due };
  if (state.resting) return { reason: 'resting', pack: 'post-session', step: state.resting };
  if (state.preSessionDue && state.planned) return { reason: 'pre-session', pack: 'pre-session', planned: state.planned };
  if (state.weeklyDue) return { reason: 'weekly', pack: 'weekly' };
  return { reason: 'default', pack: defaultPack };
}
