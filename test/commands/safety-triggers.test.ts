// Each safety trigger, end to end through the commands: the entry is always
// saved, the crisis resources appear once per run on stderr, and a flag with
// only the kind and the date is recorded. And the things that must not trigger.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAssess } from '../../src/commands/assess.js';
import { runCheckin, type CheckinOptions } from '../../src/commands/checkin.js';
import { runJournal } from '../../src/commands/journal.js';
import { type TestCtxOptions } from '../../src/context.js';
import { main } from '../../src/main.js';
import { testWorld } from '../helpers/world.js';

const DAY = '2026-11-21'; // the default test clock's local day (Berlin)
const NOW_ISO = '2026-11-21T10:00:00.000Z';
/** A line every rendering of the resources carries, whatever the region. */
const DIRECTORY = /findahelpline\.com/g;

const tmpDirs: string[] = [];
afterEach(() => {
  for (const dir of tmpDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function answersFile(content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-safety-'));
  tmpDirs.push(dir);
  const file = path.join(dir, 'answers.json');
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

function world() {
  const w = testWorld({ env: { LANG: 'en_US.UTF-8' } });
  return { ...w, flags: () => w.store.safety.between(DAY, DAY) };
}
type World = ReturnType<typeof world>;

const timesShown = (stderr: string) => stderr.match(DIRECTORY)?.length ?? 0;

/** The resources were shown exactly once, and the entry was saved first. */
function expectShownOnce(stderr: string) {
  expect(timesShown(stderr)).toBe(1);
  expect(stderr).toMatch(/988/); // LANG=en_US
  expect(stderr).toMatch(/not monitored by anyone/);
}

/** Exactly these flags, each on the entry with only its kind and the date. */
function expectFlags(w: World, entryId: string, kinds: string[]) {
  const flags = w.flags();
  expect(flags).toEqual(kinds.map((kind) => ({
    entryId, sessionId: null, intentionId: null, source: 'entry', kind, createdAt: NOW_ISO, localDate: DAY, private: false,
  })));
}

async function checkin(w: World, opts: CheckinOptions, ctxOpts: TestCtxOptions = {}) {
  const ctx = w.ctx(ctxOpts);
  await runCheckin(opts, ctx);
  return ctx;
}

async function journal(w: World, pack: string, answers: Record<string, unknown>) {
  const ctx = w.ctx();
  await runJournal(pack, { answers: answersFile(answers) }, ctx);
  return ctx;
}

const phq9 = (item9: number, rest = 0) => Object.fromEntries([...Array(8).keys()].map((i) => [`item${i + 1}`, rest]).concat([['item9', item9]]));

describe('the safety_flags table holds the kind and the date only', () => {
  it('no text, no answers, no scores', () => {
    const { store } = world();
    const columns = store.db.prepare<[], { name: string }>('PRAGMA table_info(safety_flags)').all().map((c) => c.name);
    // Which record it belongs to (an entry, a session or an intention), the kind and the date.
    expect(columns.sort()).toEqual(['created_at', 'entry_id', 'id', 'intention_id', 'kind', 'local_date', 'session_id']);
  });
});

describe('PHQ-9 item 9', () => {
  it.each([1, 2, 3])('answered %i: saved, resources shown once, flag phq9-item9', async (item9) => {
    const w = world();
    const ctx = w.ctx();
    await runAssess('phq9', { answers: answersFile(phq9(item9)) }, ctx);
    const [entry] = w.entries();
    expect(entry).toMatchObject({ kind: 'assessment', pack: 'phq9' });
    expect(ctx.io.stdout()).toContain(`PHQ-9: ${item9} of 27 — minimal`);
    expectShownOnce(ctx.io.stderr());
    expect(ctx.io.stdout()).not.toMatch(DIRECTORY); // talk goes to stderr, the result stays clean on stdout
    expectFlags(w, entry!.id, ['phq9-item9']);
  });

  it('answered 0, even with a severe total: no resources, no flag', async () => {
    const w = world();
    const ctx = w.ctx();
    await runAssess('phq9', { answers: answersFile(phq9(0, 3)) }, ctx);
    expect(ctx.io.stdout()).toContain('PHQ-9: 24 of 27 — severe');
    expect(timesShown(ctx.io.stderr())).toBe(0);
    expect(w.flags()).toEqual([]);
    expect(w.entries()).toHaveLength(1);
  });

  it('with --json: the JSON on stdout still parses, the resources go to stderr', async () => {
    const w = world();
    const ctx = w.ctx();
    await runAssess('phq9', { answers: answersFile(phq9(2)), json: true }, ctx);
    expect(JSON.parse(ctx.io.stdout())).toMatchObject({ instrument: 'phq9', score: 2 });
    expectShownOnce(ctx.io.stderr());
  });

  it('in a terminal, answered through the prompts', async () => {
    const w = world();
    // The difficulty question follows once an item is above 0.
    const ctx = w.ctx({ tty: true, answers: [0, 0, 0, 0, 0, 0, 0, 0, 1, 0] });
    await runAssess('phq9', {}, ctx);
    expectShownOnce(ctx.io.stderr());
    expectFlags(w, w.entries()[0]!.id, ['phq9-item9']);
  });

  it('GAD-7 and WHO-5 have no safety item: their lowest/highest answers do not trigger', async () => {
    const w = world();
    const gad = w.ctx();
    await runAssess('gad7', { answers: answersFile(Object.fromEntries([...Array(7).keys()].map((i) => [`item${i + 1}`, 3]))) }, gad);
    const who = w.ctx();
    await runAssess('who5', { answers: answersFile(Object.fromEntries([...Array(5).keys()].map((i) => [`item${i + 1}`, 0]))) }, who);
    expect(timesShown(gad.io.stderr()) + timesShown(who.io.stderr())).toBe(0);
    expect(w.flags()).toEqual([]);
  });
});

describe('the safety question in post-session and weekly reflections', () => {
  it.each(['post-session', 'weekly'])('%s: yes → saved, resources once, flag safety-question', async (pack) => {
    const w = world();
    const ctx = await journal(w, pack, { mood: 6, safety: true });
    const [entry] = w.entries();
    expect(entry).toMatchObject({ kind: 'journal', pack });
    expect(ctx.io.stderr()).toMatch(/Saved reflection/);
    expectShownOnce(ctx.io.stderr());
    expect(ctx.io.stderr()).toContain('Thank you for answering that honestly.');
    expectFlags(w, entry!.id, ['safety-question']);
  });

  it.each(['post-session', 'weekly'])('%s: "yes" written as text also counts', async (pack) => {
    const w = world();
    const ctx = await journal(w, pack, { mood: 6, safety: 'yes' });
    expectShownOnce(ctx.io.stderr());
    expect(w.flags().map((f) => f.kind)).toEqual(['safety-question']);
  });

  it.each(['post-session', 'weekly'])('%s: no, or not answered → nothing', async (pack) => {
    const w = world();
    const no = await journal(w, pack, { mood: 6, safety: false });
    const skipped = await journal(w, pack, { mood: 6 });
    expect(timesShown(no.io.stderr()) + timesShown(skipped.io.stderr())).toBe(0);
    expect(w.flags()).toEqual([]);
    expect(w.entries()).toHaveLength(2);
  });

  it('post-session: a low mood there is not a check-in, so it does not trigger by itself', async () => {
    const w = world();
    const ctx = await journal(w, 'post-session', { mood: 0, safety: false });
    expect(timesShown(ctx.io.stderr())).toBe(0);
    expect(w.flags()).toEqual([]);
  });

  it('the question is asked in the published words of the issue', async () => {
    const w = world();
    await journal(w, 'weekly', { mood: 6, safety: true });
    const answers = w.store.reflections.answers(w.entries()[0]!.id);
    expect(answers.find((a) => a.questionId === 'safety')).toMatchObject({
      type: 'safety', value: true,
      prompt: 'Since the last check-in, have you had thoughts that you would be better off dead or of hurting yourself?',
    });
  });
});

describe('mood in a check-in', () => {
  it.each(['0', '1'])('--mood %s: saved, resources once, flag low-mood', async (mood) => {
    const w = world();
    const ctx = await checkin(w, { mood });
    const [entry] = w.entries();
    expect(entry).toMatchObject({ kind: 'checkin', metrics: { mood: Number(mood) } });
    expect(ctx.io.stderr()).toMatch(/Saved check-in/);
    expectShownOnce(ctx.io.stderr());
    expect(ctx.io.stderr()).toContain('That sounds like a really hard day.');
    expectFlags(w, entry!.id, ['low-mood']);
  });

  it.each(['2', '5', '10'])('--mood %s: nothing', async (mood) => {
    const w = world();
    const ctx = await checkin(w, { mood });
    expect(timesShown(ctx.io.stderr())).toBe(0);
    expect(w.flags()).toEqual([]);
  });

  it('anxiety 0 or energy 0 is not a low mood', async () => {
    const w = world();
    const ctx = await checkin(w, { anxiety: '0', energy: '0' });
    expect(timesShown(ctx.io.stderr())).toBe(0);
    expect(w.flags()).toEqual([]);
  });

  it('mood 0 answered at the prompts in a terminal', async () => {
    const w = world();
    // mood, anxiety, energy, sleep, connection (skipped), note
    const ctx = await checkin(w, {}, { tty: true, answers: [0, undefined, undefined, undefined, undefined, ''] });
    expectShownOnce(ctx.io.stderr());
    expect(w.flags().map((f) => f.kind)).toEqual(['low-mood']);
  });

  it('the daily reflection counts as a check-in: mood 0 or 1 triggers, 2 does not', async () => {
    const w = world();
    const low = await journal(w, 'daily', { mood: 1 });
    expectShownOnce(low.io.stderr());
    expect(w.flags().map((f) => f.kind)).toEqual(['low-mood']);
    const ok = await journal(w, 'daily', { mood: 2 });
    expect(timesShown(ok.io.stderr())).toBe(0);
    expect(w.flags()).toHaveLength(1);
  });

  it('--daily updating today\'s check-in to mood 0 flags that check-in', async () => {
    const w = world();
    await checkin(w, { mood: '6', daily: true });
    const ctx = await checkin(w, { mood: '0', daily: true });
    expect(w.entries()).toHaveLength(1);
    expectShownOnce(ctx.io.stderr());
    expect(w.flags()).toEqual([{ entryId: w.entries()[0]!.id, sessionId: null, intentionId: null, source: 'entry', private: false, kind: 'low-mood', createdAt: NOW_ISO, localDate: DAY }]);
  });
});

describe('phrases in free text', () => {
  const hits = [
    'I want to die',
    'thinking about suicide',
    'I keep wanting to hurt myself',
    'I don’t want to live', // curly apostrophe
  ];
  it.each(hits)('check-in note %j: saved, resources once, flag phrase', async (note) => {
    const w = world();
    const ctx = await checkin(w, { mood: '5', note });
    const [entry] = w.entries();
    expect(entry!.text).toBe(note);
    expectShownOnce(ctx.io.stderr());
    expect(ctx.io.stderr()).toContain('Some of what you wrote sounds very heavy.');
    expectFlags(w, entry!.id, ['phrase']);
  });

  const nonHits = [
    'I killed it at work',
    'dead tired',
    'dying to see the new film',
    'the battery died',
  ];
  it.each(nonHits)('check-in note %j: nothing', async (note) => {
    const w = world();
    const ctx = await checkin(w, { mood: '5', note });
    expect(timesShown(ctx.io.stderr())).toBe(0);
    expect(w.flags()).toEqual([]);
  });

  it('"my suicide-prevention training" is a mention: a pointer line, not the resources, and a mention flag', async () => {
    const w = world();
    const ctx = await checkin(w, { mood: '7', note: 'Finished my suicide-prevention training today' });
    expect(timesShown(ctx.io.stderr())).toBe(0);
    expect(ctx.io.stderr()).toContain('integrate crisis');
    expect(w.flags().map((f) => f.kind)).toEqual(['mention']);
  });

  it('a note from stdin', async () => {
    const w = world();
    const ctx = await checkin(w, { mood: '5', note: '-' }, { stdin: 'long day.\nhonestly I want to die\n' });
    expectShownOnce(ctx.io.stderr());
    expect(w.flags().map((f) => f.kind)).toEqual(['phrase']);
  });

  it('a reflection answer (longtext) in post-session', async () => {
    const w = world();
    const ctx = await journal(w, 'post-session', { mood: 6, 'stands-out': 'Afterwards I kept thinking about suicide' });
    expectShownOnce(ctx.io.stderr());
    expectFlags(w, w.entries()[0]!.id, ['phrase']);
  });

  it('a reflection with everyday words does not trigger', async () => {
    const w = world();
    const ctx = await journal(w, 'weekly', { mood: 7, body: 'dead tired but I killed it at work', safety: false });
    expect(timesShown(ctx.io.stderr())).toBe(0);
    expect(w.flags()).toEqual([]);
  });
});

describe('once per run', () => {
  it('low mood and a phrase in one check-in: both flags, the resources exactly once', async () => {
    const w = world();
    const ctx = await checkin(w, { mood: '1', note: 'I want to die' });
    expectShownOnce(ctx.io.stderr());
    expectFlags(w, w.entries()[0]!.id, ['low-mood', 'phrase']);
  });

  it('the safety question, a low daily mood and a phrase together in a reflection: once', async () => {
    const w = world();
    const ctx = await journal(w, 'weekly', { mood: 1, mind: 'I keep wanting to hurt myself', safety: true });
    expectShownOnce(ctx.io.stderr());
    expect(w.flags().map((f) => f.kind).sort()).toEqual(['phrase', 'safety-question']);
  });

  it('two commands in the same run (same ctx): once', async () => {
    const w = world();
    const ctx = w.ctx();
    await runCheckin({ mood: '0' }, ctx);
    await runAssess('phq9', { answers: answersFile(phq9(3)) }, ctx);
    expectShownOnce(ctx.io.stderr());
    expect(w.flags().map((f) => f.kind).sort()).toEqual(['low-mood', 'phq9-item9']);
  });

  it('through main: exit 0, saved, the resources once, the result on stdout untouched', async () => {
    const w = world();
    const ctx = w.ctx();
    const code = await main(['node', 'integrate', 'checkin', '--mood', '0', '--note', 'I want to die', '--json'], ctx);
    expect(code).toBe(0);
    expect(JSON.parse(ctx.io.stdout())).toMatchObject({ kind: 'checkin', metrics: { mood: 0 }, text: 'I want to die' });
    const err = ctx.io.stderr();
    expectShownOnce(err);
    expect(err.indexOf('Saved check-in')).toBeLessThan(err.search(DIRECTORY));
    expect(w.flags().map((f) => f.kind)).toEqual(['low-mood', 'phrase']);
  });

  it('a new run shows them again', async () => {
    const w = world();
    const first = await checkin(w, { mood: '0' });
    const second = await checkin(w, { mood: '1' });
    expectShownOnce(first.io.stderr());
    expectShownOnce(second.io.stderr());
    expect(w.flags()).toHaveLength(2);
  });

  it('follows the locale: en_GB gets Samaritans and 999, still once', async () => {
    const w = world();
    const ctx = await checkin(w, { mood: '0', note: 'thinking about suicide' }, { env: { LANG: 'en_GB.UTF-8' } });
    const err = ctx.io.stderr();
    expect(timesShown(err)).toBe(1);
    expect(err.match(/116 123/g)).toHaveLength(1);
    expect(err).toMatch(/call 999/);
    expect(err).not.toMatch(/\b988\b/);
  });
});
