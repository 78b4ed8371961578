// The home screen (`integrate` alone) on fixed data with a fixed clock: first
// run, a normal day, the post-session window, an overdue questionnaire; it
// fits 80×24, its --json carries the same facts, and it greets by the hour.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringWidth } from '../../src/render/text.js';
import { afterEach, describe, expect, it } from 'vitest';
import { runAssess } from '../../src/commands/assess.js';
import { runCheckin, type CheckinOptions } from '../../src/commands/checkin.js';
import { collectHome, homeText, runHome, type HomeFacts } from '../../src/commands/home.js';
import { runIntentionsAdd } from '../../src/commands/intentions.js';
import { runJournal } from '../../src/commands/journal.js';
import { runSessionAdd } from '../../src/commands/session.js';
import { createProcessCtx, createTestCtx, type Ctx } from '../../src/context.js';
import { memoryIo } from '../../src/io.js';
import { main } from '../../src/main.js';
import { SPARK_BARS } from '../../src/render/sparkline.js';
import { testWorld } from '../helpers/world.js';

// Saturday 2026-11-21, 10:00 UTC = 11:00 in Berlin (TZ is fixed by test/setup.ts).
const NOW = new Date('2026-11-21T10:00:00Z');
const TODAY = '2026-11-21';

/** A local wall-clock time in Berlin as an instant. */
const at = (local: string) => new Date(local.includes('T') ? local : `${local}T21:00:00`);

const world = () => testWorld({ now: NOW, columns: 80, color: false });
type World = ReturnType<typeof world>;

async function checkinAt(w: World, local: string, opts: CheckinOptions) {
  await runCheckin(opts, w.ctx({ now: at(local) }));
}

async function sessionAt(w: World, local: string, route: string) {
  await runSessionAdd({ date: local.replace('T', ' '), route }, w.ctx({ now: at(local) }));
}

async function intentionAt(w: World, local: string, text: string) {
  await runIntentionsAdd(text, {}, w.ctx({ now: at(local) }));
}

const ITEMS: Record<string, number> = { phq9: 9, gad7: 7, who5: 5 };
async function assessAt(w: World, local: string, id: string, value = 1) {
  const answers = Object.fromEntries(Array.from({ length: ITEMS[id]! }, (_, i) => [`item${i + 1}`, i === 8 ? 0 : value]));
  await runAssess(id, { answers: '-' }, w.ctx({ now: at(local), stdin: JSON.stringify(answers) }));
}

async function postSessionReflectionAt(w: World, local: string, mood = 7) {
  const answers = {
    mood, 'stands-out': 'The light.', emotions: 'Relief.', insight: 'Rest is allowed.', confusing: false,
    'carry-forward': '', discuss: '', safety: false,
  };
  await runJournal('post-session', { answers: '-' }, w.ctx({ now: at(local), stdin: JSON.stringify(answers) }));
}

// Mood by day from 2026-11-01; 2026-11-10 has no check-in (a gap in the sparkline and the streak).
const MOODS: Record<string, number> = {
  '2026-11-01': 5, '2026-11-02': 6, '2026-11-03': 4, '2026-11-04': 5, '2026-11-05': 6, '2026-11-06': 7, '2026-11-07': 6,
  '2026-11-08': 2, '2026-11-09': 4, '2026-11-11': 6, '2026-11-12': 8, '2026-11-13': 7, '2026-11-14': 5,
  '2026-11-15': 6, '2026-11-16': 10, '2026-11-17': 7, '2026-11-18': 6, '2026-11-19': 5, '2026-11-20': 8,
};

/** Three weeks of evening check-ins, today's in the morning, two sessions (the second reflected on), five open intentions. */
async function normalDay(w: World) {
  for (const [day, mood] of Object.entries(MOODS)) await checkinAt(w, day, { mood: String(mood), anxiety: String(10 - mood) });
  await checkinAt(w, `${TODAY}T08:30:00`, { mood: '7', sleep: '7.5' });
  await sessionAt(w, '2026-10-28T10:00:00', 'im');
  await sessionAt(w, '2026-11-11T09:30:00', 'iv');
  // Its mood equals that day's check-in, so the day's mean stays 8.
  await postSessionReflectionAt(w, '2026-11-12T19:00:00', MOODS['2026-11-12']);
  const texts = ['Walk after lunch', 'Call my sister on Sunday', 'Stretch before bed', 'Book the dentist', 'Read one poem a day'];
  for (const [i, text] of texts.entries()) await intentionAt(w, `2026-11-${String(13 + i).padStart(2, '0')}T09:00:00`, text);
}

async function home(ctx: Ctx & { io: { stdout(): string } }, json = false): Promise<string> {
  await runHome({ json }, ctx);
  return ctx.io.stdout();
}

/** Every line fits a 80×24 terminal (colour codes do not take room). */
function expectFits(text: string) {
  const lines = text.replace(/\n$/, '').split('\n');
  expect(lines.length).toBeLessThanOrEqual(24);
  for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
}

// The expected sparkline, built from MOODS by hand: 0–10 on the eight bars, a space for the gap day.
function bar(mood: number | undefined): string {
  return mood === undefined ? ' ' : SPARK_BARS[Math.round((mood / 10) * 7)]!;
}
const MOOD14_DAYS = Array.from({ length: 14 }, (_, i) => `2026-11-${String(8 + i).padStart(2, '0')}`);
const MOOD14 = MOOD14_DAYS.map((d) => (d === TODAY ? 7 : MOODS[d]));

describe('first run (no database yet)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  /** The real process context on a database path that does not exist, writing into memory. */
  function freshProcessCtx() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-home-'));
    dirs.push(dir);
    const db = path.join(dir, 'data', 'integrate.db');
    const env = { INTEGRATE_DB: db, XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'xdg-data'), HOME: dir };
    const io = memoryIo({ columns: 80 });
    const base = createProcessCtx(env);
    const ctx = { ...base, io, clock: { now: () => new Date(NOW) } };
    return { dir, db, ctx };
  }

  it('welcomes, says where data will be kept, shows how to start, and creates no file', async () => {
    const { dir, db, ctx } = freshProcessCtx();
    const code = await main(['node', 'integrate'], ctx);
    expect(code).toBe(0);
    const out = ctx.io.stdout();
    expect(out).toBe([
      'Good morning.',
      '',
      'Welcome to integrate — a private place to check in, reflect after sessions,',
      'and see how you are doing over time. Nothing leaves this computer.',
      '',
      `Your entries will be kept in ${db}`,
      '',
      'Crisis lines: integrate crisis (no country known yet).',
      'To set your country: integrate config set region XX',
      '',
      'Next:',
      '  integrate checkin --mood 6 --sleep 7.5  record how today is going',
      '  integrate session add                   note a dosing session, if you had one',
      '',
      'All commands: integrate --help · crisis lines: integrate crisis',
      '',
    ].join('\n'));
    expect(ctx.io.stderr()).toBe('');
    expectFits(out);
    // Looking is not writing: no database, no data folder.
    expect(fs.existsSync(db)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('--json says firstRun with the same facts, still creating nothing', async () => {
    const { dir, db, ctx } = freshProcessCtx();
    expect(await main(['node', 'integrate', '--json'], ctx)).toBe(0);
    const facts = JSON.parse(ctx.io.stdout()) as HomeFacts;
    expect(facts).toMatchObject({
      firstRun: true, database: db, greeting: 'Good morning', today: TODAY, session: null, lastEntry: null,
      streak: { current: 0, longest: 0 }, openIntentions: [], openIntentionCount: 0, dueAssessments: [],
    });
    expect(facts.mood14).toEqual({ from: '2026-11-08', to: TODAY, values: Array(14).fill(null), sparkline: ' '.repeat(14) });
    expect(facts.next.map((n) => n.command)).toEqual(['integrate checkin --mood 6 --sleep 7.5', 'integrate session add']);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a long database path is cut to the width, not wrapped', async () => {
    const { ctx } = freshProcessCtx();
    const facts = await collectHome(ctx);
    const text = homeText({ ...facts, database: `/home/someone/${'very-long-folder/'.repeat(8)}integrate.db` }, ctx);
    expectFits(text);
  });
});

describe('routing: integrate alone opens home', () => {
  // Commander reads the global flags; whatever is left with no command word goes to home.
  it.each([[[]], [['--json']], [['--db', 'x.db', '--no-color']], [['--db=x.db', '--json']], [['--no-color', '--db', 'home']]])('integrate %j runs home', async (args) => {
    const ctx = createTestCtx();
    expect(await main(['node', 'integrate', ...args], ctx)).toBe(0);
    if (args.includes('--json')) expect(JSON.parse(ctx.io.stdout())).toHaveProperty('greeting');
    else expect(ctx.io.stdout()).toMatch(/^(Good|Hello|Welcome)/);
    expect(ctx.io.stderr()).toBe('');
  });

  it('--help and --version still belong to integrate itself', async () => {
    const help = createTestCtx();
    expect(await main(['node', 'integrate', '--help'], help)).toBe(0);
    expect(help.io.stdout()).toContain('Usage: integrate [options] [command]');
    const version = createTestCtx();
    expect(await main(['node', 'integrate', '--version'], version)).toBe(0);
    expect(version.io.stdout()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('an unknown option with no command names integrate --help, not the hidden home', async () => {
    const ctx = createTestCtx();
    expect(await main(['node', 'integrate', '--bogus'], ctx)).toBe(2);
    expect(ctx.io.stderr()).toBe("integrate: unknown option '--bogus'. See integrate --help.\n");
  });
});

describe('a normal day', () => {
  it('shows the session day, last check-in, streak, 14-day sparkline, 3 of 5 intentions, due questionnaires and next commands', async () => {
    const w = world();
    await normalDay(w);
    const out = await home(w.ctx());
    const spark = MOOD14.map(bar).join('');
    const mean = Math.round((MOOD14.filter((m): m is number => m !== undefined).reduce((a, b) => a + b, 0) / 13) * 10) / 10;
    expect(out).toBe([
      'Good morning.',
      '',
      'Day 10 after session 2 (2026-11-11, IV infusion)',
      'Last entry today at 08:30 · mood 7 · 11-day streak',
      `Mood, last 14 days  ${spark}  mean ${mean}`,
      '',
      'Open intentions (5, showing 3):',
      '  ○ Walk after lunch',
      '  ○ Call my sister on Sunday',
      '  ○ Stretch before bed',
      '',
      'Due: GAD-7, PHQ-9, WHO-5',
      '',
      'Next:',
      '  integrate journal      one week after session 2: a look back',
      '  integrate assess gad7  GAD-7 is due',
      '',
      'All commands: integrate --help · crisis lines: integrate crisis',
      '',
    ].join('\n'));
    expect(spark).toHaveLength(14);
    expect(spark[2]).toBe(' '); // 2026-11-10: no check-in
    expectFits(out);
  });

  it('--json gives the same facts, in a stable shape', async () => {
    const w = world();
    await normalDay(w);
    const facts = JSON.parse(await home(w.ctx(), true)) as HomeFacts;
    expect(Object.keys(facts)).toEqual([
      'firstRun', 'database', 'encrypted', 'greeting', 'today', 'session', 'lastEntry', 'streak', 'mood14',
      'openIntentions', 'openIntentionCount', 'dueAssessments', 'heldAssessments', 'restDay', 'followUp', 'resting', 'weeklyDue', 'planned', 'next',
    ]);
    expect(facts).toMatchObject({
      firstRun: false, greeting: 'Good morning', today: TODAY, heldAssessments: null, restDay: null,
      session: { number: 2, date: '2026-11-11', daysSince: 10, route: 'IV infusion', reflected: true },
      lastEntry: { daysAgo: 0, mood: 7 },
      streak: { current: 11, longest: 11 },
      openIntentionCount: 5,
      dueAssessments: [
        { id: 'gad7', title: 'GAD-7', lastTaken: null },
        { id: 'phq9', title: 'PHQ-9', lastTaken: null },
        { id: 'who5', title: 'WHO-5', lastTaken: null },
      ],
      followUp: { session: 2, pack: 'week-after', label: 'one week after session 2' },
      resting: false,
      weeklyDue: false,
      next: [
        { command: 'integrate journal', why: 'one week after session 2: a look back' },
        { command: 'integrate assess gad7', why: 'GAD-7 is due' },
      ],
    });
    expect(facts.lastEntry!.createdAt).toMatch(/^2026-11-21T08:30:00(\.000)?\+01:00$/);
    expect(facts.mood14).toEqual({ from: '2026-11-08', to: TODAY, values: MOOD14.map((m) => m ?? null), sparkline: MOOD14.map(bar).join('') });
    expect(facts.openIntentions.map((i) => i.text)).toEqual(['Walk after lunch', 'Call my sister on Sunday', 'Stretch before bed']);
    for (const i of facts.openIntentions) expect(i.id).toMatch(/^[0-9a-f-]{36}$/);
    // The same facts the text shows.
    const text = homeText(facts, w.ctx());
    expect(text).toBe(await home(w.ctx()));
  });

  it('yesterday without a check-in today suggests one; the streak still counts until today ends', async () => {
    const w = world();
    await normalDay(w);
    const tomorrow = w.ctx({ now: new Date('2026-11-22T09:00:00Z') });
    const facts = await collectHome(tomorrow);
    expect(facts.lastEntry).toMatchObject({ daysAgo: 1, mood: 7 });
    expect(facts.streak.current).toBe(11);
    expect(facts.next).toContainEqual({ command: 'integrate checkin', why: 'a quick check-in for today' });
    const out = homeText(facts, tomorrow);
    expect(out).toContain('Last entry yesterday · mood 7 · 11-day streak\n');
    expect(out).not.toContain(' at 08:30');
  });

  it('shows every open intention without a count when there are 3 or fewer, and no line for none', async () => {
    const w = world();
    await checkinAt(w, `${TODAY}T08:30:00`, { mood: '6' });
    await intentionAt(w, '2026-11-20T09:00:00', 'Walk after lunch');
    await intentionAt(w, '2026-11-20T09:05:00', 'Book the dentist');
    const out = await home(w.ctx());
    expect(out).toContain('\nOpen intentions:\n  ○ Walk after lunch\n  ○ Book the dentist\n');
    const empty = world();
    await checkinAt(empty, `${TODAY}T08:30:00`, { mood: '6' });
    expect(await home(empty.ctx())).not.toContain('Open intentions');
  });

  it('user text is sanitised and long intentions are cut to the width', async () => {
    const w = world();
    await checkinAt(w, `${TODAY}T08:30:00`, { mood: '6' });
    await intentionAt(w, '2026-11-20T09:00:00', `Evil \u001b[31mred\u001b[0m \u202Eflip ${'and then some more words '.repeat(6)}`);
    const out = await home(w.ctx());
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\u202E');
    expectFits(out);
  });
});

describe('post-session window', () => {
  async function sessionYesterday() {
    const w = world();
    for (const [day, mood] of Object.entries(MOODS)) await checkinAt(w, day, { mood: String(mood) });
    await sessionAt(w, '2026-11-20T09:30:00', 'iv');
    return w;
  }

  it('within 72 h of a session without a post-session reflection, integrate journal comes first', async () => {
    const w = await sessionYesterday();
    const out = await home(w.ctx());
    const facts = await collectHome(w.ctx());
    expect(facts.session).toEqual({ number: 1, date: '2026-11-20', daysSince: 1, route: 'IV infusion', reflected: false });
    expect(facts.next).toEqual([
      { command: 'integrate journal', why: 'rest first, then a word on session 1 (one line is fine)' },
      { command: 'integrate checkin', why: 'a quick check-in for today' },
    ]);
    expect(facts.followUp).toEqual({ session: 1, pack: 'post-session', label: 'after session 1' });
    expect(out).toContain('Day 1 after session 1 (2026-11-20, IV infusion)\n');
    expect(out).toContain('\nNext:\n  integrate journal  rest first, then a word on session 1 (one line is fine)\n  integrate checkin  a quick check-in for today\n');
    expectFits(out);
  });

  it('in the first hours after a session: rest first, no reflection suggested yet', async () => {
    const w = world();
    await sessionAt(w, `${TODAY}T08:00:00`, 'oral'); // 3 hours ago
    const out = await home(w.ctx());
    expect(out).toContain('Today is the day of session 1 (2026-11-21, oral)\n');
    expect(out).toContain('Rest comes first today. The reflection can wait until you are ready.\n');
    const facts = await collectHome(w.ctx());
    expect(facts).toMatchObject({ resting: true, followUp: null });
    expect(facts.next.map((n) => n.command)).not.toContain('integrate journal');
    // After the rest hours (6 by default), it is suggested.
    const later = await collectHome(w.ctx({ now: new Date('2026-11-21T13:30:00Z') }));
    expect(later).toMatchObject({ resting: false, followUp: { pack: 'post-session' } });
    expect(later.next[0]!.command).toBe('integrate journal');
  });

  it('not once the reflection is written, and not after 72 hours', async () => {
    const reflected = await sessionYesterday();
    await postSessionReflectionAt(reflected, '2026-11-20T20:00:00');
    const facts = await collectHome(reflected.ctx());
    expect(facts.session!.reflected).toBe(true);
    expect(facts.next.map((n) => n.command)).not.toContain('integrate journal');

    const late = await sessionYesterday();
    // 09:30 Berlin on the 20th + 72 h = 08:30 UTC on the 23rd.
    const justInside = await collectHome(late.ctx({ now: new Date('2026-11-23T08:29:00Z') }));
    expect(justInside.next[0]!.command).toBe('integrate journal');
    const after = await collectHome(late.ctx({ now: new Date('2026-11-23T08:31:00Z') }));
    expect(after.next.map((n) => n.command)).not.toContain('integrate journal');
    expect(after.session!.daysSince).toBe(3);
  });
});

describe('overdue questionnaire', () => {
  it('PHQ-9 taken 20 days ago is due and becomes the next command when nothing is more urgent', async () => {
    const w = world();
    await normalDay(w);
    await assessAt(w, '2026-11-01T09:00:00', 'phq9');
    await assessAt(w, '2026-11-18T09:00:00', 'gad7');
    await assessAt(w, '2026-11-19T09:00:00', 'who5');
    // The week-after follow-up of session 2 is done, so nothing is more urgent.
    await runJournal('week-after', { answers: '-' }, w.ctx({ now: at('2026-11-19T20:00:00'), stdin: '{"mood": 6}' }));
    const facts = await collectHome(w.ctx());
    expect(facts.followUp).toBeNull();
    expect(facts.dueAssessments).toEqual([{ id: 'phq9', title: 'PHQ-9', lastTaken: '2026-11-01' }]);
    expect(facts.next).toEqual([
      { command: 'integrate assess phq9', why: 'PHQ-9 is due' },
      { command: 'integrate mood', why: 'see how the last weeks have moved' },
    ]);
    const out = homeText(facts, w.ctx());
    expect(out).toContain('\nDue: PHQ-9 (last 2026-11-01)\n');
    expect(out).toContain('\nNext:\n  integrate assess phq9  PHQ-9 is due\n');
    expectFits(out);
  });

  it('not when it was taken within its cadence', async () => {
    const w = world();
    await checkinAt(w, `${TODAY}T08:30:00`, { mood: '6' });
    await assessAt(w, '2026-11-10T09:00:00', 'phq9');
    await assessAt(w, '2026-11-10T09:00:00', 'gad7');
    await assessAt(w, '2026-11-19T09:00:00', 'who5');
    const facts = await collectHome(w.ctx());
    expect(facts.dueAssessments).toEqual([]);
    expect(homeText(facts, w.ctx())).not.toContain('Due:');
    expect(facts.next).toEqual([{ command: 'integrate mood', why: 'see how the last weeks have moved' }]);
  });

  it('the post-session reflection outranks a due questionnaire', async () => {
    const w = world();
    await checkinAt(w, `${TODAY}T08:30:00`, { mood: '6' });
    await assessAt(w, '2026-11-01T09:00:00', 'phq9');
    await sessionAt(w, '2026-11-20T09:30:00', 'iv');
    const facts = await collectHome(w.ctx());
    expect(facts.next.map((n) => n.command)).toEqual(['integrate journal', 'integrate assess gad7']);
  });
});

describe('fits 80×24 with everything on it', () => {
  it('a crowded day: session window, no check-in today, long texts, every questionnaire due', async () => {
    const w = world();
    for (const [day, mood] of Object.entries(MOODS)) await checkinAt(w, day, { mood: String(mood) });
    await sessionAt(w, '2026-11-20T09:30:00', 'other');
    for (let i = 0; i < 12; i++) await intentionAt(w, `2026-11-20T1${i % 10}:00:00`, `Intention number ${i} ${'with quite a lot of words in it '.repeat(4)}`);
    for (const columns of [80, 60]) {
      const out = await home(w.ctx({ columns }));
      const lines = out.replace(/\n$/, '').split('\n');
      expect(lines.length).toBeLessThanOrEqual(24);
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(Math.min(columns, 80));
    }
  });

  it('a wide terminal still gets at most 80 columns', async () => {
    const w = world();
    await normalDay(w);
    await intentionAt(w, '2026-11-10T09:00:00', 'x'.repeat(200));
    const out = await home(w.ctx({ columns: 200 }));
    expectFits(out);
  });
});

describe('greeting by time of day', () => {
  it.each([
    ['2026-11-21T04:59:00', 'Hello — it is late; go gently'],
    ['2026-11-21T05:00:00', 'Good morning'],
    ['2026-11-21T11:59:00', 'Good morning'],
    ['2026-11-21T12:00:00', 'Good afternoon'],
    ['2026-11-21T16:59:00', 'Good afternoon'],
    ['2026-11-21T17:00:00', 'Good evening'],
    ['2026-11-21T21:59:00', 'Good evening'],
    ['2026-11-21T22:00:00', 'Hello — it is late; go gently'],
    ['2026-11-21T02:30:00', 'Hello — it is late; go gently'],
  ])('at %s local time: %s', async (local, greeting) => {
    const w = world();
    const ctx = w.ctx({ now: at(local) });
    expect((await collectHome(ctx)).greeting).toBe(greeting);
    expect((await home(ctx)).split('\n')[0]).toBe(`${greeting}.`);
  });

  it('uses the local hour (Berlin), not UTC', async () => {
    // 22:30 UTC is 23:30 in Berlin: late, not evening.
    const ctx = world().ctx({ now: new Date('2026-11-21T22:30:00Z') });
    expect((await collectHome(ctx)).greeting).toBe('Hello — it is late; go gently');
    // In summer time (UTC+2) 15:30 UTC is 17:30: evening.
    const summer = world().ctx({ now: new Date('2026-07-01T15:30:00Z') });
    expect((await collectHome(summer)).greeting).toBe('Good evening');
  });
});

describe('colour', () => {
  it('no escape codes when colour is off; bold, cyan and yellow when it is on, with the same text', async () => {
    const w = world();
    await normalDay(w);
    const plain = await home(w.ctx({ color: false }));
    expect(plain).not.toMatch(/\u001b/);
    const coloured = await home(w.ctx({ color: true, tty: true }));
    expect(coloured).toMatch(/\u001b\[1mGood morning\.\u001b\[22m/);
    expect(coloured).toMatch(/\u001b\[33mintegrate assess gad7\u001b\[39m/);
    expect(coloured).toMatch(/\u001b\[36m/);
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
    expectFits(coloured);
  });

  it('--no-color through main gives plain text even on a colour terminal', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-home-'));
    try {
      const io = memoryIo({ columns: 80, color: true, tty: true });
      const base = createProcessCtx({ INTEGRATE_DB: path.join(dir, 'none.db'), XDG_CONFIG_HOME: dir, HOME: dir });
      // applyGlobals of the process context switches its own io; mirror that on the memory one.
      const ctx: Ctx = {
        ...base, io, clock: { now: () => new Date(NOW) },
        applyGlobals(g) {
          base.applyGlobals(g);
          if (g.color === false) {
            io.color = false;
            io.c = createTestCtx({ color: false }).io.c;
          }
        },
      };
      expect(await main(['node', 'integrate', '--no-color'], ctx)).toBe(0);
      expect(io.stdout()).toContain('Welcome to integrate');
      expect(io.stdout()).not.toMatch(/\u001b/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('questionnaires wait after a session and on a hard day', () => {
  it('within 24 hours after a session start nothing is due; the screen says until when; at 24 h they are due again', async () => {
    const w = world();
    await checkinAt(w, `${TODAY}T08:30:00`, { mood: '6' });
    await sessionAt(w, '2026-11-20T11:30:00', 'iv'); // 10:30 UTC: 23.5 h before now
    const facts = await collectHome(w.ctx());
    expect(facts.dueAssessments).toEqual([]);
    expect(facts.heldAssessments).toEqual({ ids: ['gad7', 'phq9', 'who5'], hold: { reason: 'after-session', until: '2026-11-21T10:30:00.000Z' } });
    expect(facts.next.map((n) => n.command)).not.toContain('integrate assess gad7');
    const out = homeText(facts, w.ctx());
    expect(out).not.toContain('Due:');
    expect(out).toContain('\nQuestionnaires wait until 2026-11-21 11:30 (24 h after your session).\n');
    expectFits(out);

    const later = await collectHome(w.ctx({ now: new Date('2026-11-21T10:30:00Z') }));
    expect(later.heldAssessments).toBeNull();
    expect(later.dueAssessments.map((a) => a.id)).toEqual(['gad7', 'phq9', 'who5']);
  });

  it.each([0, 1, 2])('a day whose latest check-in mood is %i: leads with rest and integrate crisis, no homework', async (mood) => {
    const w = world();
    await normalDay(w);
    await checkinAt(w, `${TODAY}T10:45:00`, { mood: String(mood) });
    const facts = await collectHome(w.ctx({ now: new Date('2026-11-21T10:00:00Z') }));
    expect(facts.restDay).toEqual({ mood });
    expect(facts.dueAssessments).toEqual([]);
    expect(facts.heldAssessments).toMatchObject({ ids: ['gad7', 'phq9', 'who5'], hold: { reason: 'low-mood', mood } });
    expect(facts.next).toEqual([{ command: 'integrate crisis', why: 'people to call or text now, if it gets too much' }]);
    const out = homeText(facts, w.ctx());
    const lines = out.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Good morning.',
      '',
      `Today looks hard (mood ${mood} at your last check-in). Rest is enough for today;`,
      'nothing here needs doing. If it gets too much, you do not have to hold it alone.',
    ]);
    expect(out).not.toMatch(/Due:|Open intentions|integrate assess|integrate journal|integrate mood\b/);
    expect(out).toContain('\nNext:\n  integrate crisis  people to call or text now, if it gets too much\n');
    expectFits(out);
  });

  it('the latest check-in counts: mood 2 in the morning, 6 later that day is an ordinary day; yesterday\'s 1 does not count', async () => {
    const w = world();
    await checkinAt(w, `${TODAY}T07:00:00`, { mood: '2' });
    await checkinAt(w, `${TODAY}T10:30:00`, { mood: '6' });
    const facts = await collectHome(w.ctx());
    expect(facts.restDay).toBeNull();
    expect(facts.dueAssessments.map((a) => a.id)).toEqual(['gad7', 'phq9', 'who5']);

    const y = world();
    await checkinAt(y, '2026-11-20T21:00:00', { mood: '1' });
    expect((await collectHome(y.ctx())).restDay).toBeNull();
  });
});
