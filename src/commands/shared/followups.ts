// Where the follow-ups of every session stand now, read from the store with
// the user's schedule settings. journal, home and session show share it.
import type { Config } from '../../config.js';
import {
  DEFAULT_FOLLOW_UP_DAYS, DEFAULT_REST_HOURS, dueFollowUp, followUpPack, followUpSchedule, parseFollowUpDays, restingAfter,
  preSessionDue, weeklyReviewDue, type FollowUpStep,
} from '../../domain/followups.js';
import { localDate } from '../../domain/time.js';
import type { NumberedSession } from '../../domain/sessions.js';
import type { Store } from '../../store/index.js';

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

export function followUpDays(config: Pick<Config, 'followUps'>): readonly number[] {
  if (!config.followUps) return DEFAULT_FOLLOW_UP_DAYS;
  const parsed = parseFollowUpDays(config.followUps);
  return 'days' in parsed ? parsed.days : DEFAULT_FOLLOW_UP_DAYS;
}

export function followUpState(store: Store, config: Pick<Config, 'followUps' | 'postSessionRestHours' | 'weekStart'>, now: Date): FollowUpState {
  const all = store.sessions.list();
  const sessions = all.filter((s) => s.occurredAt <= now.toISOString());
  const planned = all.find((s) => s.occurredAt > now.toISOString());
  const days = followUpDays(config);
  const packs = [...new Set(days.map(followUpPack))];
  const entries = sessions.length ? store.reflections.packEntries(packs, sessions[0]!.occurredAt) : [];
  const schedule = followUpSchedule(sessions, entries, now, { days, restHours: config.postSessionRestHours ?? DEFAULT_REST_HOURS });
  const today = localDate(now);
  const lastWeekly = store.reflections.packEntries(['weekly'], new Date(now.getTime() - 8 * 86_400_000).toISOString()).at(-1);
  const lastPre = store.reflections.packEntries(['pre-session'], new Date(now.getTime() - 60 * 86_400_000).toISOString()).at(-1);
  return {
    planned,
    preSessionDue: preSessionDue(now, today, planned, lastPre?.createdAt, sessions.at(-1)?.occurredAt),
    schedule,
    due: dueFollowUp(schedule),
    resting: restingAfter(schedule),
    weeklyDue: weeklyReviewDue(today, config.weekStart, lastWeekly ? localDate(new Date(lastWeekly.createdAt)) : undefined),
  };
}
