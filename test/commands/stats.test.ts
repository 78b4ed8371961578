import { describe, expect, it } from 'vitest';
import { runStats, type StatsJson } from '../../src/commands/stats.js';
import { welcomeBackLine } from '../../src/commands/shared/welcome.js';
import { addDays } from '../../src/domain/time.js';
import type { Store } from '../../src/store/index.js';
import { entryOn, noDatabaseCtx, world } from './mood-fixture.js';

const INTENTION = 'bbbbbbbb-0000-4000-8000-000000000001';

/** Entries on 1–4 Oct (a 4-day run), on 1, 5 and 9 Nov, and 19–21 Nov (today); practices; one open and one done intention. */
function fixture(store: Store): void {
  for (const day of ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04']) entryOn(store, day, { mood: 5 });
  entryOn(store, '2026-11-01', { mood: 5 }, { practices: ['breathwork'] });
  entryOn(store, '2026-11-05', {}, { kind: 'journal', practices: ['meditation', 'nature'] });
  entryOn(store, '2026-11-09', { mood: 6 }, { practices: ['meditation'] });
  entryOn(store, '2026-11-19', { mood: 6 }, { practices: ['meditation'] });
  entryOn(store, '2026-11-20', { mood: 7 });
  entryOn(store, '2026-11-21', { mood: 7 }, { practices: ['nature'] });
  entryOn(store, '2026-11-21', { anxiety: 2 });
  entryOn(store, '2026-10-20', { mood: 4 }, { practices: ['art'] }); // 32 days ago: outside the 30-day window
  store.intentions.insert({
    id: INTENTION, text: 'Ten minutes outside\u001b[31m after lunch', createdAt: '2026-11-02T09:00:00.000Z', utcOffset: 60,
    sourceEntryId: null, status: 'open', dueDate: '2026-11-27', closedAt: null,
  });
  store.intentions.insert({
    id: 'bbbbbbbb-0000-4000-8000-000000000002', text: 'Done already', createdAt: '2026-11-03T09:00:00.000Z', utcOffset: 60,
    sourceEntryId: null, status: 'done', dueDate: null, closedAt: '2026-11-04T09:00:00.000Z',
  });
}

describe('integrate stats', () => {
  it('shows streaks, entries per week, practices of the last 30 days and open intentions', async () => {
    const { ctx, store } = world();
    fixture(store);
    await runStats({}, ctx);
    expect(ctx.io.stderr()).toBe('');
    expect(ctx.io.stdout().split('\n')).toEqual([
      'Check-ins',
      '  Current streak  3 days',
      '  Longest streak  4 days',
      '  Last entry      2026-11-21 (today)',
      '',
      'Entries per week, the last 8 weeks (from 2026-09-28)',
      '  █▁▁▃▃▃▃█  4 0 0 1 1 1 1 4',
      '',
      'Practices in the last 30 days',
      '  meditation  3',
      '  nature      2',
      '  breathwork  1',
      '',
      'Open intentions (1)',
      // User text is sanitised: the escape sequence is gone.
      '  - Ten minutes outside after lunch  (due 2026-11-27)',
      '',
    ]);
  });

  it('prints the documented JSON shape', async () => {
    const { ctx, store } = world();
    fixture(store);
    await runStats({ json: true }, ctx);
    const json = JSON.parse(ctx.io.stdout()) as StatsJson;
    expect(json).toEqual({
      today: '2026-11-21',
      streaks: { current: 3, longest: 4, lastEntry: '2026-11-21', daysSinceLastEntry: 0 },
      entriesPerWeek: [
        { weekStart: '2026-09-28', count: 4 },
        { weekStart: '2026-10-05', count: 0 },
        { weekStart: '2026-10-12', count: 0 },
        { weekStart: '2026-10-19', count: 1 },
        { weekStart: '2026-10-26', count: 1 }, // Sunday 1 November
        { weekStart: '2026-11-02', count: 1 },
        { weekStart: '2026-11-09', count: 1 },
        { weekStart: '2026-11-16', count: 4 }, // two entries today
      ],
      practices: {
        from: '2026-10-23',
        to: '2026-11-21',
        counts: [
          { practice: 'meditation', count: 3 },
          { practice: 'nature', count: 2 },
          { practice: 'breathwork', count: 1 },
        ],
      },
      openIntentions: [
        { id: INTENTION, text: 'Ten minutes outside\u001b[31m after lunch', createdAt: '2026-11-02T10:00:00+01:00', dueDate: '2026-11-27' },
      ],
    });
  });

  it('keeps the streak alive while today has no entry yet, and counts days since the last one', async () => {
    const { ctx, store } = world();
    for (let i = 1; i <= 5; i++) entryOn(store, addDays('2026-11-21', -i), { mood: 5 });
    await runStats({ json: true }, ctx);
    expect((JSON.parse(ctx.io.stdout()) as StatsJson).streaks).toEqual({ current: 5, longest: 5, lastEntry: '2026-11-20', daysSinceLastEntry: 1 });

    const gap = world();
    entryOn(gap.store, '2026-11-16', { mood: 5 });
    await runStats({}, gap.ctx);
    expect(gap.ctx.io.stdout()).toContain('  Current streak  0 days\n  Longest streak  1 day\n  Last entry      2026-11-16 (5 days ago)\n');
    expect(gap.ctx.io.stdout()).toContain('none recorded');
    expect(gap.ctx.io.stdout()).toContain('Open intentions (0)\n  none\n');
  });

  it('says plainly when there is nothing yet, and behaves as empty without a database', async () => {
    const { ctx } = world();
    await runStats({}, ctx);
    expect(ctx.io.stdout()).toBe('');
    expect(ctx.io.stderr()).toBe('No entries yet. Start with: integrate checkin\n');

    const none = noDatabaseCtx();
    await runStats({ json: true }, none.ctx);
    const json = JSON.parse(none.ctx.io.stdout()) as StatsJson;
    expect(json.streaks).toEqual({ current: 0, longest: 0, lastEntry: null, daysSinceLastEntry: null });
    expect(json.entriesPerWeek.map((w) => w.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(json.practices.counts).toEqual([]);
    expect(json.openIntentions).toEqual([]);
    expect(none.created()).toBe(false);
  });
});

describe('welcomeBackLine', () => {
  it('welcomes back after more than 3 days without an entry', () => {
    const { ctx, store } = world();
    entryOn(store, '2026-11-16', { mood: 5 });
    expect(welcomeBackLine(ctx)).toBe('Welcome back — last check-in 5 days ago.');
  });

  it('stays quiet at 3 days or less, without entries, and without a database', () => {
    const { ctx, store } = world();
    expect(welcomeBackLine(ctx)).toBeUndefined();
    entryOn(store, '2026-11-18', { mood: 5 });
    expect(welcomeBackLine(ctx)).toBeUndefined();
    const none = noDatabaseCtx();
    expect(welcomeBackLine(none.ctx)).toBeUndefined();
    expect(none.created()).toBe(false);
  });

  it('counts local days, not 24-hour periods', () => {
    // 23:30 on the 17th to 00:30 on the 21st is 73 hours, but four local days.
    const { ctx, store } = world({ now: new Date('2026-11-21T00:30:00+01:00') });
    entryOn(store, '2026-11-17', {}, { createdAt: '2026-11-17T22:30:00.000Z', localDate: '2026-11-17' });
    expect(welcomeBackLine(ctx)).toBe('Welcome back — last check-in 4 days ago.');
  });
});
