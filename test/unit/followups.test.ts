import { describe, expect, it } from 'vitest';
import {
  dueFollowUp, followUpLabel, followUpPack, followUpSchedule, followUpState, nextReflection, parseFollowUpDays, restingAfter, weeklyReviewDue,
  type FollowUpFacts, type PackEntry,
} from '../../src/domain/followups.js';
import type { NumberedSession } from '../../src/domain/sessions.js';

const HOUR = 3_600_000;

function session(number: number, occurredAt: string, localDate = occurredAt.slice(0, 10)): NumberedSession {
  return {
    id: `s${number}`, number, occurredAt, utcOffset: 0, localDate, route: 'iv', doseMg: null,
    setting: '', guide: '', intention: '', notes: '', private: false, doseUnit: 'mg',
  };
}
const at = (iso: string, plus = 0) => new Date(Date.parse(iso) + plus);
const S1 = session(1, '2026-10-01T10:00:00.000Z');

describe('follow-up packs and labels', () => {
  it('the first three days are post-session, then week-after up to two weeks, then month-after', () => {
    expect([0, 1, 3, 4, 7, 14, 15, 30, 60].map(followUpPack)).toEqual([
      'post-session', 'post-session', 'post-session', 'week-after', 'week-after', 'week-after', 'month-after', 'month-after', 'month-after',
    ]);
  });
  it('says when in words', () => {
    expect(followUpLabel(0, 3)).toBe('after session 3');
    expect(followUpLabel(7, 2)).toBe('one week after session 2');
    expect(followUpLabel(30, 2)).toBe('one month after session 2');
    expect(followUpLabel(10, 1)).toBe('10 days after session 1');
  });
  it('parses a schedule, refusing what makes no sense', () => {
    expect(parseFollowUpDays('1, 3,7,30')).toEqual({ days: [1, 3, 7, 30] });
    expect(parseFollowUpDays('0')).toEqual({ days: [0] });
    for (const bad of ['', '7,3', '1,1', '-1', 'x', '400', '1,2,3,4,5,6,7,8,9', '1.5']) expect(parseFollowUpDays(bad)).toHaveProperty('problem');
  });
});

describe('one session: rest, post-session, a week, a month', () => {
  it('rests for the first 6 hours, then the post-session reflection is due until 72 hours', () => {
    const at2h = followUpSchedule([S1], [], at(S1.occurredAt, 2 * HOUR));
    expect(at2h[0]![0]!.status).toBe('resting');
    expect(restingAfter(at2h)?.day).toBe(0);
    expect(dueFollowUp(at2h)).toBeUndefined();
    const at7h = followUpSchedule([S1], [], at(S1.occurredAt, 7 * HOUR));
    expect(dueFollowUp(at7h)).toMatchObject({ day: 0, pack: 'post-session', label: 'after session 1' });
    const at71h = followUpSchedule([S1], [], at(S1.occurredAt, 71 * HOUR));
    expect(dueFollowUp(at71h)?.day).toBe(0);
    const at73h = followUpSchedule([S1], [], at(S1.occurredAt, 73 * HOUR));
    expect(at73h[0]![0]!.status).toBe('missed');
    expect(dueFollowUp(at73h)).toBeUndefined();
  });

  it('the rest period is configurable', () => {
    const s = followUpSchedule([S1], [], at(S1.occurredAt, 2 * HOUR), { restHours: 1 });
    expect(dueFollowUp(s)?.day).toBe(0);
  });

  it('a post-session reflection written during the rest hours still counts', () => {
    const entries: PackEntry[] = [{ id: 'e1', pack: 'post-session', createdAt: at(S1.occurredAt, 3 * HOUR).toISOString() }];
    const s = followUpSchedule([S1], entries, at(S1.occurredAt, 8 * HOUR));
    expect(s[0]![0]).toMatchObject({ status: 'done', doneBy: { entryId: 'e1' } });
  });

  it('one week after: due from local midnight of day 7, done by a week-after reflection', () => {
    expect(dueFollowUp(followUpSchedule([S1], [], at('2026-10-07T23:00:00Z')))).toBeUndefined();
    const due = dueFollowUp(followUpSchedule([S1], [], at('2026-10-08T00:30:00Z')));
    expect(due).toMatchObject({ day: 7, pack: 'week-after', label: 'one week after session 1' });
    const entries: PackEntry[] = [{ id: 'w', pack: 'week-after', createdAt: '2026-10-09T08:00:00.000Z' }];
    const s = followUpSchedule([S1], entries, at('2026-10-10T00:00:00Z'));
    expect(s[0]!.map((x) => x.status)).toEqual(['missed', 'done', 'upcoming']);
  });

  it('local midnight follows the session’s own UTC offset', () => {
    const berlin = { ...session(1, '2026-10-01T08:00:00.000Z'), utcOffset: 120 };
    // 2026-10-08 00:00 in UTC+2 is 2026-10-07 22:00 UTC.
    expect(dueFollowUp(followUpSchedule([berlin], [], at('2026-10-07T22:30:00Z')))?.day).toBe(7);
    expect(dueFollowUp(followUpSchedule([berlin], [], at('2026-10-07T21:30:00Z')))).toBeUndefined();
  });

  it('one month after: due on day 30 and open for two weeks', () => {
    expect(dueFollowUp(followUpSchedule([S1], [], at('2026-10-31T09:00:00Z')))).toMatchObject({ day: 30, pack: 'month-after' });
    expect(dueFollowUp(followUpSchedule([S1], [], at('2026-11-13T09:00:00Z')))?.day).toBe(30);
    expect(followUpSchedule([S1], [], at('2026-11-16T09:00:00Z'))[0]![2]!.status).toBe('missed');
  });

  it('a custom schedule (1,3,7,30) has two post-session points and needs two reflections', () => {
    const days = [1, 3, 7, 30];
    const one: PackEntry[] = [{ id: 'p1', pack: 'post-session', createdAt: '2026-10-02T09:00:00.000Z' }];
    const s = followUpSchedule([S1], one, at('2026-10-04T09:00:00Z'), { days });
    expect(s[0]!.map((x) => x.status)).toEqual(['done', 'due', 'upcoming', 'upcoming']);
  });
});

describe('a new session closes the previous one’s open follow-ups', () => {
  const S2 = session(2, '2026-10-10T10:00:00.000Z');
  it('sessions a week apart: the week-after of session 1 is closed, not missed, and nothing of session 1 is due', () => {
    const s = followUpSchedule([S1, S2], [], at('2026-10-10T18:00:00Z'));
    expect(s[0]!.map((x) => x.status)).toEqual(['missed', 'closed', 'closed']);
    expect(dueFollowUp(s)).toMatchObject({ sessionNumber: 2, day: 0 });
  });
  it('an entry after session 2 counts for session 2, not session 1', () => {
    const entries: PackEntry[] = [{ id: 'p', pack: 'post-session', createdAt: '2026-10-10T20:00:00.000Z' }];
    const s = followUpSchedule([S1, S2], entries, at('2026-10-11T08:00:00Z'));
    expect(s[0]![0]!.status).toBe('missed');
    expect(s[1]![0]!.status).toBe('done');
  });
});

describe('the weekly review', () => {
  it('is suggested on the first day of the week when none was written in the six days before', () => {
    expect(weeklyReviewDue('2026-11-30', 'monday', undefined)).toBe(true); // a Monday
    expect(weeklyReviewDue('2026-12-01', 'monday', undefined)).toBe(false);
    expect(weeklyReviewDue('2026-11-29', 'sunday', '2026-11-22')).toBe(true);
    expect(weeklyReviewDue('2026-11-30', 'monday', '2026-11-26')).toBe(false);
    expect(weeklyReviewDue('2026-11-30', 'monday', '2026-11-23')).toBe(true);
  });
});

describe('which reflection to suggest now (one rule for journal and home)', () => {
  const facts = (over: Partial<FollowUpFacts> = {}): FollowUpFacts => ({
    now: at('2026-10-01T10:00:00.000Z', 30 * HOUR), today: '2026-10-02', sessions: [S1], entries: [], lastWeeklyDay: '2026-10-01',
    lastPreSessionAt: undefined, days: [0, 7, 30], restHours: 6, weekStart: 'monday', ...over,
  });

  it('an open follow-up comes first: the post-session reflection once rested', () => {
    const next = nextReflection(followUpState(facts()), 'daily');
    expect(next).toMatchObject({ reason: 'follow-up', pack: 'post-session', step: { day: 0, sessionNumber: 1 } });
  });

  it('during the rest hours the post-session reflection is there, as rest, not as a due step', () => {
    const next = nextReflection(followUpState(facts({ now: at('2026-10-01T10:00:00.000Z', 2 * HOUR), today: '2026-10-01' })), 'daily');
    expect(next).toMatchObject({ reason: 'resting', pack: 'post-session' });
  });

  it('then the pre-session reflection the day before a planned session, then the weekly review, else the default pack', () => {
    const done: PackEntry = { id: 'e1', pack: 'post-session', createdAt: '2026-10-01T20:00:00.000Z' };
    const planned = session(2, '2026-10-03T09:00:00.000Z');
    expect(nextReflection(followUpState(facts({ entries: [done], sessions: [S1, planned] })), 'daily')).toMatchObject({ reason: 'pre-session', planned: { number: 2 } });
    // Monday 2026-10-05, no weekly review in the six days before.
    const monday = facts({ entries: [done], now: at('2026-10-05T08:00:00.000Z'), today: '2026-10-05', lastWeeklyDay: undefined });
    expect(nextReflection(followUpState(monday), 'daily')).toEqual({ reason: 'weekly', pack: 'weekly' });
    expect(nextReflection(followUpState({ ...monday, lastWeeklyDay: '2026-10-04' }), 'realms')).toEqual({ reason: 'default', pack: 'realms' });
  });

  it('a planned session is not a past one: it opens no follow-ups', () => {
    const state = followUpState(facts({ sessions: [session(1, '2026-10-09T09:00:00.000Z')] }));
    expect(state.schedule).toEqual([]);
    expect(state.planned?.number).toBe(1);
  });
});
