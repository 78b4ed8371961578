// `integrate session show N` tells a session's story, on a simulated two-month course.
import { describe, expect, it } from 'vitest';
import { runSessionShow } from '../../src/commands/session.js';
import { stringWidth } from '../../src/render/text.js';
import { COURSE_NOW, twoMonthCourse } from '../fixtures/course.js';

describe('session show: the story of a session', () => {
  it('session 1: intention, pre- and post-session excerpts, the week-after, mood before/after with n, intentions, follow-ups', async () => {
    const w = await twoMonthCourse();
    const ctx = w.ctx();
    await runSessionShow('1', {}, ctx);
    const out = ctx.io.stdout();
    for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(out).toMatch(/^Session +1\n/);
    expect(out).toContain('Intention  To meet my grief with kindness');
    expect(out).toContain('\nBefore the session · 2026-10-08\n  Bringing in: A heavy month at work.\n');
    expect(out).toContain('\nReflection (post-session) · 2026-10-10\n  What stood out: My father\'s workshop, the smell of sawdust.\n');
    expect(out).toContain('  Nonverbal: Amber light\n');
    expect(out).toContain('\nReflection (week-after) · 2026-10-16\n');
    // Mood windows: 7 days before (10-02..10-08), and after up to 7 days (10-10..10-16); 10-04 and 10-13 had no check-in.
    expect(out).toMatch(/\n {2}before +\S.{6}  mean [\d.]+ \(n = 6 days, 2026-10-02 to 2026-10-08\)\n/);
    expect(out).toMatch(/\n {2}after +\S.{6}  mean [\d.]+ \(n = 6 days, 2026-10-10 to 2026-10-16\)\n/);
    expect(out).toContain('\nIntentions from this session\n  ○ Ten minutes outside after lunch\n  ✓ Call my sister on Sunday\n');
    expect(out).toContain('\nFollow-ups\n  after session 1: done 2026-10-10\n  one week after session 1: done 2026-10-16\n  one month after session 1: closed by the next session\n');
    expect(out).not.toContain('Safety notes');
  });

  it('session 2: a skipped post-session reflection and the mood window stopping at session 3', async () => {
    const w = await twoMonthCourse();
    const ctx = w.ctx();
    await runSessionShow('2', {}, ctx);
    const out = ctx.io.stdout();
    expect(out).toContain('  after session 2: not written\n  one week after session 2: done 2026-11-07\n');
    expect(out).toContain('  one month after session 2: closed by the next session\n');
    expect(out).toContain('  ○ Walk on Saturdays\n');
  });

  it('session 3: the post-session is done; the week-after is coming up; --json has the same facts', async () => {
    const w = await twoMonthCourse();
    const ctx = w.ctx();
    await runSessionShow('3', { json: true }, ctx);
    const data = JSON.parse(ctx.io.stdout());
    expect(data).toMatchObject({ number: 3, route: 'im', doseMg: 50, intention: 'To let the body lead' });
    expect(data.preSession).toBeNull();
    expect(data.after.map((r: { pack: string }) => r.pack)).toEqual(['post-session']);
    expect(data.followUps.map((f: { status: string }) => f.status)).toEqual(['done', 'upcoming', 'upcoming']);
    // After the session: 11-28 .. 11-30 (today), three days.
    expect(data.mood.after).toMatchObject({ from: '2026-11-28', to: '2026-11-30', n: 3 });
    expect(data.mood.before.n).toBeGreaterThanOrEqual(5);
    expect(data.safetyFlags).toEqual([]);
    expect(COURSE_NOW.toISOString().slice(0, 10)).toBe('2026-11-30');
  });

  it('--full shows whole answers; excerpts are cut to the width without breaking the layout', async () => {
    const w = await twoMonthCourse();
    const long = 'A very long answer about the session that goes on and on, '.repeat(5);
    const { runJournal } = await import('../../src/commands/journal.js');
    await runJournal('week-after', { answers: '-' }, w.ctx({ now: new Date('2026-12-04T18:00:00Z'), stdin: JSON.stringify({ faded: long }) }));
    const short = w.ctx({ now: new Date('2026-12-05T10:00:00Z') });
    await runSessionShow('3', {}, short);
    expect(short.io.stdout()).toMatch(/ {2}Faded: A very long answer about the session .*…\n/);
    const full = w.ctx({ now: new Date('2026-12-05T10:00:00Z') });
    await runSessionShow('3', { full: true }, full);
    const text = full.io.stdout().replace(/\n {4}/g, ' ');
    expect(text).toContain(long.trim());
    for (const line of full.io.stdout().split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
  });
});

describe('planned sessions', () => {
  it('a future date is refused without --planned, and --planned needs a future date', async () => {
    const { testWorld, rejection } = await import('../helpers/world.js');
    const { runSessionAdd } = await import('../../src/commands/session.js');
    const { UsageError } = await import('../../src/errors.js');
    const w = testWorld({ now: new Date('2026-11-21T10:00:00Z') });
    const future = await rejection(runSessionAdd({ route: 'iv', date: 'tomorrow 10:00' }, w.ctx()));
    expect(future).toBeInstanceOf(UsageError);
    expect(future.message).toMatch(/^That session is in the future \(2026-11-22 10:00\)\. To plan an upcoming session, add --planned/);
    const past = await rejection(runSessionAdd({ route: 'iv', date: 'yesterday', planned: true }, w.ctx()));
    expect(past.message).toMatch(/^--planned is for a session still to come/);
    expect(w.store.sessions.list()).toEqual([]);
  });

  it('a planned session shows on home; the day before, the pre-session reflection is the one suggestion', async () => {
    const { testWorld } = await import('../helpers/world.js');
    const { runSessionAdd } = await import('../../src/commands/session.js');
    const { collectHome, homeText } = await import('../../src/commands/home.js');
    const { situation, runJournal } = await import('../../src/commands/journal.js');
    const { DEFAULT_CONFIG } = await import('../../src/config.js');
    const w = testWorld({ now: new Date('2026-11-21T10:00:00Z'), columns: 80, color: false });
    const ctx = w.ctx();
    await runSessionAdd({ route: 'iv', date: '2026-11-25 10:00', planned: true }, ctx);
    expect(ctx.io.stderr()).toContain('Planned session 1 for 2026-11-25. The day before, integrate will suggest the pre-session reflection');
    const early = await collectHome(w.ctx());
    expect(early.planned).toEqual({ number: 1, date: '2026-11-25', daysUntil: 4 });
    expect(homeText(early, w.ctx())).toContain('Session 1 is planned for 2026-11-25 (in 4 days)\n');
    expect(early.next.map((n) => n.command)).not.toContain('integrate journal pre-session');
    // No follow-ups for a session that has not happened.
    expect(early.followUp).toBeNull();

    const dayBefore = new Date('2026-11-24T17:00:00Z');
    const facts = await collectHome(w.ctx({ now: dayBefore }));
    expect(facts.next[0]).toEqual({ command: 'integrate journal pre-session', why: 'get ready for session 1' });
    expect(situation(w.store, dayBefore, DEFAULT_CONFIG).suggestedPack).toBe('pre-session');
    await runJournal('pre-session', { answers: '-' }, w.ctx({ now: dayBefore, tty: false, stdin: '{"mood": 5}' }));
    expect((await collectHome(w.ctx({ now: dayBefore }))).next.map((n) => n.command)).not.toContain('integrate journal pre-session');
  });

  it('the route picker starts on the route used last time', async () => {
    const { testWorld } = await import('../helpers/world.js');
    const { runSessionAdd } = await import('../../src/commands/session.js');
    const w = testWorld({ now: new Date('2026-11-21T10:00:00Z') });
    await runSessionAdd({ route: 'im', date: '2026-11-01 10:00' }, w.ctx());
    const ctx = w.ctx({ tty: true, answers: ['2026-11-20 10:00', 'im', '', '', '', '', ''] });
    const seen: unknown[] = [];
    const select = ctx.prompter.select.bind(ctx.prompter);
    ctx.prompter.select = (o) => { seen.push(o.default); return select(o); };
    await runSessionAdd({}, ctx);
    expect(seen[0]).toBe('im');
  });
});
