// Reads what the follow-up schedule needs from the store, with the user's
// schedule settings; the rules themselves are domain/followups.ts. journal,
// home and session show share it.
import type { Config } from '../../config.js';
import {
  DEFAULT_FOLLOW_UP_DAYS, DEFAULT_REST_HOURS, followUpPacks, followUpState as stateOf, parseFollowUpDays, type FollowUpState,
} from '../../domain/followups.js';
import { localDate } from '../../domain/time.js';
import type { Store } from '../../store/index.js';

export type { FollowUpState } from '../../domain/followups.js';

export function followUpDays(config: Pick<Config, 'followUps'>): readonly number[] {
  if (!config.followUps) return DEFAULT_FOLLOW_UP_DAYS;
  const parsed = parseFollowUpDays(config.followUps);
  return 'days' in parsed ? parsed.days : DEFAULT_FOLLOW_UP_DAYS;
}

export function followUpState(store: Store, config: Pick<Config, 'followUps' | 'postSessionRestHours' | 'weekStart'>, now: Date): FollowUpState {
  const sessions = store.sessions.list();
  const first = sessions[0];
  const days = followUpDays(config);
  const entries = first && first.occurredAt <= now.toISOString() ? store.reflections.packEntries(followUpPacks(days), first.occurredAt) : [];
  const lastWeekly = store.reflections.packEntries(['weekly'], new Date(now.getTime() - 8 * 86_400_000).toISOString()).at(-1);
  const lastPre = store.reflections.packEntries(['pre-session'], new Date(now.getTime() - 60 * 86_400_000).toISOString()).at(-1);
  return stateOf({
    now, today: localDate(now), sessions, entries,
    lastWeeklyDay: lastWeekly ? localDate(new Date(lastWeekly.createdAt)) : undefined,
    lastPreSessionAt: lastPre?.createdAt,
    days, restHours: config.postSessionRestHours ?? DEFAULT_REST_HOURS, weekStart: config.weekStart,
  });
}
