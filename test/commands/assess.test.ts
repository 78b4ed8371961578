// `integrate assess`: what is due, taking an instrument (answers file, stdin or
// prompts), what is stored, the result and its change, and history.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAssess, runAssessHistory, runAssessList } from '../../src/commands/assess.js';
import { createTestCtx, type TestCtxOptions } from '../../src/context.js';
import { CancelledError, NotFoundError, UsageError } from '../../src/errors.js';
import { main } from '../../src/main.js';
import { insertEntry, rejection, tempDirs, testWorld } from '../helpers/world.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DAY_MS = 86_400_000;
// The default test clock: Saturday 2026-11-21 10:00 UTC = 11:00 in Berlin.
const NOW = new Date('2026-11-21T10:00:00Z');
const daysLater = (n: number) => new Date(NOW.getTime() + n * DAY_MS);

const tmpDir = tempDirs('integrate-assess-');
function answersFile(content: unknown, name = 'answers.json'): string {
  const file = path.join(tmpDir(), name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** {item1: v1, item2: v2, ...} */
const items = (...values: number[]) => Object.fromEntries(values.map((v, i) => [`item${i + 1}`, v]));
const PHQ9_12 = items(2, 2, 2, 1, 1, 1, 1, 1, 1);
const PHQ9_8 = items(1, 1, 1, 1, 1, 1, 1, 1, 0);

/** A fresh in-memory database; `ctx(...)` makes contexts (runs) on it, e.g. on later days. */
const world = () => testWorld();


async function take(w: ReturnType<typeof world>, id: string, answers: Record<string, unknown>, opts: TestCtxOptions & { json?: boolean; keepBoth?: boolean } = {}) {
  const { json, keepBoth, ...ctxOpts } = opts;
  const ctx = w.ctx(ctxOpts);
  await runAssess(id, { answers: answersFile(answers), json, keepBoth }, ctx);
  return ctx;
}

describe('assess ID --answers FILE', () => {
  it('scores, prints the result and stores an assessment entry with the item answers and the metric', async () => {
    const w = world();
    const ctx = await take(w, 'phq9', PHQ9_12);
    const out = ctx.io.stdout();
    expect(out).toContain('PHQ-9: 12 of 27 — moderate');
    expect(out).toContain('This is your first result; the next one will show the change.');
    expect(out).toMatch(/not a diagnosis/);

    const [entry] = w.entries();
    expect(w.entries()).toHaveLength(1);
    expect(entry).toMatchObject({ kind: 'assessment', pack: 'phq9', localDate: '2026-11-21', text: '', createdAt: NOW.toISOString() });
    expect(w.store.entries.get(entry!.id)!.metrics).toEqual({ phq9: 12 });
    expect(w.store.metrics.dailyMeans('phq9', '2026-11-21', '2026-11-21')).toEqual([{ date: '2026-11-21', mean: 12, count: 1 }]);
    expect(w.store.metrics.names()).toContain('phq9');

    const stored = w.store.reflections.answers(entry!.id);
    expect(stored.map((a) => [a.questionId, a.value])).toEqual(Object.entries(PHQ9_12));
    expect(stored[0]).toMatchObject({ type: 'scale', prompt: 'Little interest or pleasure in doing things', position: 0 });
    expect(stored[8]).toMatchObject({ questionId: 'item9', prompt: 'Thoughts that you would be better off dead or of hurting yourself in some way' });
  });

  it('accepts YAML files and ids written as PHQ-9 / GAD7', async () => {
    const w = world();
    const yaml = answersFile('item1: 3\nitem2: 3\nitem3: 3\nitem4: 3\nitem5: 3\nitem6: 0\nitem7: 0\n', 'gad.yaml');
    const ctx = w.ctx();
    await runAssess('GAD-7', { answers: yaml }, ctx);
    expect(ctx.io.stdout()).toContain('GAD-7: 15 of 21 — severe');
    expect(w.store.entries.get(w.entries()[0]!.id)!.metrics).toEqual({ gad7: 15 });
  });

  it('WHO-5: reports "48 of 100" with the raw score, the band once (no duplicate note), and records the percentage', async () => {
    const w = world();
    const ctx = await take(w, 'who5', items(3, 3, 2, 2, 2));
    const out = ctx.io.stdout();
    expect(out).toContain('WHO-5: 48 of 100 (raw 12 of 25) — poor wellbeing');
    expect(out).not.toContain('Note:');
    expect(out).not.toMatch(/raw score below 13/);
    expect(w.store.entries.get(w.entries()[0]!.id)!.metrics).toEqual({ who5: 48 });

    const good = await take(w, 'who5', items(5, 5, 5, 5, 5), { now: daysLater(7) });
    expect(good.io.stdout()).toContain('WHO-5: 100 of 100 (raw 25 of 25) — not indicative of poor wellbeing');
    expect(good.io.stdout()).not.toContain('Note:');
  });

  it('reads "-" from stdin', async () => {
    const w = world();
    const ctx = w.ctx({ stdin: JSON.stringify(PHQ9_8) });
    await runAssess('phq9', { answers: '-' }, ctx);
    expect(ctx.io.stdout()).toContain('PHQ-9: 8 of 27 — mild');
    expect(w.entries()).toHaveLength(1);
    expect(w.store.entries.get(w.entries()[0]!.id)!.metrics).toEqual({ phq9: 8 });
  });

  it('through main: `integrate assess who5 --answers -` reads stdin', async () => {
    const w = world();
    const ctx = w.ctx({ stdin: 'item1: 4\nitem2: 4\nitem3: 4\nitem4: 4\nitem5: 4\n' });
    expect(await main(['node', 'integrate', 'assess', 'who5', '--answers', '-'], ctx)).toBe(0);
    expect(ctx.io.stdout()).toContain('WHO-5: 80 of 100 (raw 20 of 25)');
    expect(w.store.entries.get(w.entries()[0]!.id)!.metrics).toEqual({ who5: 80 });
  });

  it('--json prints the result with a stable shape', async () => {
    const w = world();
    const ctx = await take(w, 'who5', items(3, 3, 3, 2, 2), { json: true });
    const json = JSON.parse(ctx.io.stdout());
    // The original keys first, unchanged; later additions after them.
    expect(Object.keys(json)).toEqual([
      'id', 'instrument', 'createdAt', 'score', 'raw', 'maxScore', 'band', 'flags', 'subscales', 'higherIsBetter', 'change', 'previousDate',
      'date', 'changeReading', 'unscored', 'notes', 'source', 'replaced',
    ]);
    expect(json).toMatchObject({
      id: w.entries()[0]!.id, instrument: 'who5', createdAt: '2026-11-21T11:00:00+01:00', score: 52, raw: 13, maxScore: 100,
      band: 'not indicative of poor wellbeing', flags: [], subscales: [], higherIsBetter: true, change: null, previousDate: null,
    });
  });

  describe('answers that do not fit: UsageError, nothing written', () => {
    const cases: [string, Record<string, unknown> | string, RegExp][] = [
      ['a missing item', (() => { const a: Record<string, unknown> = { ...PHQ9_12 }; delete a.item4; return a; })(), /"item4" is required/],
      ['an item out of range', { ...PHQ9_12, item2: 4 }, /"item2" must be from 0 to 3; got 4/],
      ['a negative item', { ...PHQ9_12, item3: -1 }, /"item3" must be from 0 to 3; got -1/],
      ['a fraction', { ...PHQ9_12, item5: 1.5 }, /"item5" must be a whole number from 0 to 3/],
      ['a word instead of a number', { ...PHQ9_12, item6: 'sometimes' }, /"item6" must be a number/],
      ['an unknown id', { ...PHQ9_12, item10: 1 }, /unknown question "item10"/],
      ['not an object', '[1, 2, 3]', /must be an object keyed by question id/],
      ['not JSON or YAML', '{"item1": 1,,', /not valid JSON or YAML/],
    ];
    it.each(cases)('%s', async (_what, content, message) => {
      const w = world();
      const ctx = w.ctx();
      const err = await rejection(runAssess('phq9', { answers: answersFile(content) }, ctx));
      expect(err).toBeInstanceOf(UsageError);
      expect(err.message).toMatch(message);
      expect(w.entries()).toEqual([]);
      expect(w.store.safety.between('0000-01-01', '9999-12-31')).toEqual([]);
      expect(ctx.io.stdout()).toBe('');
    });

    it('every problem at once, and says nothing was saved', async () => {
      const w = world();
      const err = await rejection(runAssess('phq9', { answers: answersFile({ item1: 9, item2: 1, bogus: 1 }) }, w.ctx()));
      expect(err).toBeInstanceOf(UsageError);
      expect(err.message).toMatch(/unknown question "bogus"/);
      expect(err.message).toMatch(/"item1" must be from 0 to 3/);
      expect(err.message).toMatch(/"item9" is required/);
      expect(err.message).toMatch(/Nothing was saved/);
    });

    it('WHO-5 items go up to 5, PHQ-9 items only to 3', async () => {
      const w = world();
      await take(w, 'who5', items(5, 5, 5, 5, 5));
      expect(w.entries()).toHaveLength(1);
      const err = await rejection(runAssess('who5', { answers: answersFile(items(6, 5, 5, 5, 5)) }, w.ctx()));
      expect(err.message).toMatch(/"item1" must be from 0 to 5; got 6/);
      expect(w.entries()).toHaveLength(1);
    });

    it('a file that does not exist', async () => {
      const w = world();
      const err = await rejection(runAssess('phq9', { answers: path.join(tmpDir(), 'nope.json') }, w.ctx()));
      expect(err).toBeInstanceOf(UsageError);
      expect(err.message).toMatch(/^Cannot read the answers file .*nope\.json: it does not exist\.$/);
      expect(w.entries()).toEqual([]);
    });

    it('through main: exit code 2, one line on stderr, nothing on stdout', async () => {
      const w = world();
      const ctx = w.ctx();
      const code = await main(['node', 'integrate', 'assess', 'phq9', '--answers', answersFile({ ...PHQ9_12, item2: 4 })], ctx);
      expect(code).toBe(2);
      expect(ctx.io.stdout()).toBe('');
      expect(ctx.io.stderr()).toMatch(/^integrate: The answers do not fit PHQ-9: .*"item2" must be from 0 to 3/);
      expect(w.entries()).toEqual([]);
    });
  });

  it('without a terminal and without --answers: UsageError naming --answers, nothing written', async () => {
    const w = world();
    const err = await rejection(runAssess('phq9', {}, w.ctx({ tty: false })));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('--answers');
    expect(w.entries()).toEqual([]);
  });

  it('an unknown instrument: NotFoundError listing the available ones', async () => {
    const w = world();
    const err = await rejection(runAssess('beck', { answers: answersFile(PHQ9_12) }, w.ctx()));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toMatch(/no questionnaire "beck".*gad7, phq9, who5/);
  });

  it('a reflection pack is not a questionnaire', async () => {
    const err = await rejection(runAssess('daily', { answers: answersFile({ mood: 5 }) }, world().ctx()));
    expect(err).toBeInstanceOf(NotFoundError);
  });
});

describe('assess ID in a terminal', () => {
  it('shows the instructions, asks each item as a list of labelled options, stores the chosen values', async () => {
    const w = world();
    const values = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1];
    const ctx = w.ctx({ tty: true, answers: values });
    await runAssess('phq9', {}, ctx);
    expect(ctx.prompter.asked).toHaveLength(10);
    expect(ctx.prompter.asked[9]).toMatch(/^If you checked off any problems, how difficult have these problems made it/);
    expect(ctx.prompter.asked[0]).toMatch(/^Little interest or pleasure in doing things/);
    expect(ctx.prompter.asked[8]).toMatch(/^Thoughts that you would be better off dead or of hurting yourself in some way/);
    const out = ctx.io.stdout();
    expect(out.indexOf('Over the last 2 weeks, how often have you been bothered by any of the following problems?')).toBe(0);
    expect(out).toContain('PHQ-9: 12 of 27 — moderate');
    const entry = w.entries()[0]!;
    expect(w.store.reflections.answers(entry.id).map((a) => a.value)).toEqual(values);
    expect(w.store.entries.get(entry.id)!.metrics).toEqual({ phq9: 12 });
  });

  it('offers the published labels with their values', async () => {
    const w = world();
    const seen: { name: string; value: number }[][] = [];
    const ctx = w.ctx({ tty: true });
    ctx.prompter.select = async <T,>(o: { message: string; choices: { name: string; value: T }[] }) => {
      seen.push(o.choices as unknown as { name: string; value: number }[]);
      return o.choices[0]!.value;
    };
    await runAssess('who5', {}, ctx);
    expect(seen).toHaveLength(5);
    expect(seen[0]).toEqual([
      { name: 'All of the time', value: 5 },
      { name: 'Most of the time', value: 4 },
      { name: 'More than half of the time', value: 3 },
      { name: 'Less than half of the time', value: 2 },
      { name: 'Some of the time', value: 1 },
      { name: 'At no time', value: 0 },
    ]);
    expect(ctx.io.stdout()).toContain('WHO-5: 100 of 100 (raw 25 of 25)');
  });
});

describe('change since last', () => {
  it('PHQ-9 down 4: about the same (within usual variation), with the previous date, both scores and the threshold', async () => {
    const w = world();
    await take(w, 'phq9', PHQ9_12);
    const later = await take(w, 'phq9', PHQ9_8, { now: daysLater(14) });
    expect(later.io.stdout()).toContain('Down 4 since 2026-11-21 (12 → 8): about the same (within usual variation); for PHQ-9 a change of 5 or more counts as reliable.');
    expect(later.io.stdout()).not.toMatch(/improvement|harder/);

    const json = await take(w, 'phq9', PHQ9_12, { now: daysLater(28), json: true });
    expect(JSON.parse(json.io.stdout())).toMatchObject({
      score: 12, change: 4, previousDate: '2026-12-05', higherIsBetter: false,
      changeReading: { delta: 4, direction: 'same', reliable: false, threshold: 5 },
    });
  });

  it('WHO-5 up 20 percentage points: a reliable improvement', async () => {
    const w = world();
    await take(w, 'who5', items(2, 2, 2, 2, 2));
    const later = await take(w, 'who5', items(3, 3, 3, 3, 3), { now: daysLater(7) });
    expect(later.io.stdout()).toContain('WHO-5: 60 of 100 (raw 15 of 25)');
    expect(later.io.stdout()).toContain('Up 20 percentage points since 2026-11-21 (40% → 60%): a reliable improvement (for WHO-5 a change of 10 percentage points or more counts as reliable; higher is better).');
  });

  it('compares with the same instrument only', async () => {
    const w = world();
    await take(w, 'gad7', items(3, 3, 3, 3, 3, 3, 3));
    const phq = await take(w, 'phq9', PHQ9_8, { now: daysLater(1) });
    expect(phq.io.stdout()).toContain('This is your first result');
  });
});

describe('assess (list)', () => {
  it('nothing taken: every instrument is due, and it suggests the first', async () => {
    const w = world();
    const ctx = w.ctx();
    await runAssessList({}, ctx);
    const lines = ctx.io.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^gad7\s+GAD-7\s+not taken yet\s+due$/);
    expect(lines[1]).toMatch(/^phq9\s+PHQ-9\s+not taken yet\s+due$/);
    expect(lines[2]).toMatch(/^who5\s+WHO-5\s+not taken yet\s+due$/);
    expect(ctx.io.stderr()).toBe('Take one with: integrate assess gad7\n');
  });

  it('PHQ-9 taken 13 days ago is not due; 14 days ago it is', async () => {
    const w = world();
    await take(w, 'phq9', PHQ9_12);

    const day13 = w.ctx({ now: daysLater(13) });
    await runAssessList({}, day13);
    expect(day13.io.stdout()).toMatch(/^phq9\s+PHQ-9\s+last 2026-11-21: 12 \(moderate\)\s+next on 2026-12-05$/m);

    const day14 = w.ctx({ now: daysLater(14) });
    await runAssessList({}, day14);
    expect(day14.io.stdout()).toMatch(/^phq9\s+PHQ-9\s+last 2026-11-21: 12 \(moderate\)\s+due now$/m);
  });

  it('WHO-5 is due every 7 days', async () => {
    const w = world();
    await take(w, 'who5', items(3, 3, 3, 3, 3));
    const day6 = w.ctx({ now: daysLater(6) });
    await runAssessList({ json: true }, day6);
    const who6 = (JSON.parse(day6.io.stdout()) as { id: string }[]).find((r) => r.id === 'who5');
    expect(who6).toEqual({
      id: 'who5', title: 'WHO-5', cadenceDays: 7, lastTaken: '2026-11-21', lastScore: 60,
      lastBand: 'not indicative of poor wellbeing', dueDate: '2026-11-28', due: false, hold: null,
    });
    const day7 = w.ctx({ now: daysLater(7) });
    await runAssessList({ json: true }, day7);
    expect((JSON.parse(day7.io.stdout()) as { id: string; due: boolean }[]).find((r) => r.id === 'who5')!.due).toBe(true);
  });

  it('--json: one row per instrument with a stable shape', async () => {
    const w = world();
    const ctx = w.ctx();
    await runAssessList({ json: true }, ctx);
    const rows = JSON.parse(ctx.io.stdout()) as Record<string, unknown>[];
    expect(rows.map((r) => r.id)).toEqual(['gad7', 'phq9', 'who5']);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['id', 'title', 'cadenceDays', 'lastTaken', 'lastScore', 'lastBand', 'dueDate', 'due', 'hold']);
      expect(row).toMatchObject({ lastTaken: null, lastScore: null, lastBand: null, dueDate: '2026-11-21', due: true, hold: null });
    }
    expect(rows.map((r) => r.cadenceDays)).toEqual([14, 14, 7]);
    expect(ctx.io.stderr()).toBe('');
  });

  it('through main: `integrate assess` lists', async () => {
    const ctx = createTestCtx();
    expect(await main(['node', 'integrate', 'assess'], ctx)).toBe(0);
    expect(ctx.io.stdout()).toMatch(/^phq9\s+PHQ-9/m);
  });
});

describe('assess history', () => {
  it('--json: results per instrument, oldest first, with a stable shape', async () => {
    const w = world();
    await take(w, 'phq9', PHQ9_12);
    await take(w, 'phq9', PHQ9_8, { now: daysLater(14) });
    await take(w, 'who5', items(3, 3, 3, 3, 3), { now: daysLater(15) });
    const ctx = w.ctx({ now: daysLater(20) });
    await runAssessHistory('phq9', { json: true }, ctx);
    const json = JSON.parse(ctx.io.stdout()) as Record<string, Record<string, unknown>[]>;
    expect(Object.keys(json)).toEqual(['phq9']);
    expect(json.phq9).toHaveLength(2);
    for (const row of json.phq9!) expect(Object.keys(row)).toEqual(['entryId', 'date', 'createdAt', 'score', 'raw', 'band']);
    expect(json.phq9!.map(({ entryId: _id, ...rest }) => rest)).toEqual([
      { date: '2026-11-21', createdAt: '2026-11-21T11:00:00+01:00', score: 12, raw: 12, band: 'moderate' },
      { date: '2026-12-05', createdAt: '2026-12-05T11:00:00+01:00', score: 8, raw: 8, band: 'mild' },
    ]);
    expect(json.phq9!.map((r) => r.entryId).sort()).toEqual(w.store.entries.list({ pack: 'phq9' }).map((e) => e.id).sort());

    const viaMain = w.ctx({ now: daysLater(20) });
    expect(await main(['node', 'integrate', 'assess', 'history', 'phq9', '--json'], viaMain)).toBe(0);
    expect(JSON.parse(viaMain.io.stdout())).toEqual(json);
  });

  it('--json without an id: every instrument, empty ones as []', async () => {
    const w = world();
    await take(w, 'who5', items(1, 1, 1, 1, 1));
    const ctx = w.ctx();
    await runAssessHistory(undefined, { json: true }, ctx);
    const json = JSON.parse(ctx.io.stdout()) as Record<string, { score: number; raw: number }[]>;
    expect(Object.keys(json)).toEqual(['gad7', 'phq9', 'who5']);
    expect(json.gad7).toEqual([]);
    expect(json.who5!.map((r) => [r.raw, r.score])).toEqual([[5, 20]]);
  });

  it('text: a sparkline, the direction, one line per result', async () => {
    const w = world();
    await take(w, 'phq9', PHQ9_12);
    await take(w, 'phq9', PHQ9_8, { now: daysLater(14) });
    const ctx = w.ctx({ now: daysLater(15) });
    await main(['node', 'integrate', 'assess', 'history', 'phq9'], ctx);
    const out = ctx.io.stdout();
    expect(out).toMatch(/^PHQ-9  \S+  \(lower is better\)$/m);
    expect(out).toMatch(/^ {2}2026-11-21 {4}12 {2}moderate$/m);
    expect(out).toMatch(/^ {2}2026-12-05 {5}8 {2}mild$/m);
  });

  it('no results yet: says how to take one', async () => {
    const ctx = createTestCtx();
    await runAssessHistory('gad7', {}, ctx);
    expect(ctx.io.stdout()).toBe('');
    expect(ctx.io.stderr()).toBe('No results yet. Take one with integrate assess gad7.\n');
  });
});

describe('a further instrument added as data (reverse item, subscales)', () => {
  it('is listed, taken from an answers file, scored with its reversed item and subscales, and recorded as its metric', async () => {
    const config = tmpDir();
    fs.mkdirSync(path.join(config, 'prompts'));
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'instruments', 'mini-wellbeing.yaml'), path.join(config, 'prompts', 'mini-wellbeing.yaml'));
    const w = world();

    const list = w.ctx({ configDir: config });
    await runAssessList({ json: true }, list);
    expect((JSON.parse(list.io.stdout()) as { id: string; cadenceDays: number }[]).find((r) => r.id === 'mini-wellbeing'))
      .toMatchObject({ cadenceDays: 10, due: true });

    const ctx = w.ctx({ configDir: config });
    await runAssess('mini-wellbeing', { answers: answersFile({ calm: 4, tense: 2, rested: 3, energy: 5 }), json: true }, ctx);
    expect(JSON.parse(ctx.io.stdout())).toMatchObject({
      instrument: 'mini-wellbeing', raw: 16, score: 80, maxScore: 100, band: 'high', flags: [],
      subscales: [{ id: 'mind', title: 'Mind', raw: 8 }, { id: 'body', title: 'Body', raw: 8 }],
    });
    expect(w.store.entries.get(w.entries()[0]!.id)!.metrics).toEqual({ 'mini-wellbeing': 80 });

    const text = w.ctx({ configDir: config, now: daysLater(10) });
    await runAssess('mini-wellbeing', { answers: answersFile({ calm: 1, tense: 5, rested: 2, energy: 1 }) }, text);
    expect(text.io.stdout()).toContain('Mini Wellbeing: 25 of 100 (raw 5 of 20) — low');
    expect(text.io.stdout()).toContain('Note: very low.');
    expect(text.io.stdout()).toContain('Mind: 2');
    expect(text.io.stdout()).toContain('Body: 3');
    // It declares no reliable-change threshold: the numbers without a better/worse judgement.
    expect(text.io.stdout()).toContain('Down 55 percentage points since 2026-11-21 (80% → 25%). Mini Wellbeing sets no reliable-change threshold, so integrate does not read this as better or worse (higher is better).');
  });
});

describe('the difficulty question: recorded and shown, never scored', () => {
  const DIFFICULTY = 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?';

  it('from a file: stored with the items, shown after the score, in --json under unscored; the score is unchanged', async () => {
    const w = world();
    const ctx = await take(w, 'phq9', { ...PHQ9_12, difficulty: 1 }, { json: true });
    const json = JSON.parse(ctx.io.stdout());
    expect(json).toMatchObject({ score: 12, raw: 12, band: 'moderate', unscored: [{ id: 'difficulty', prompt: DIFFICULTY, value: 1, answer: 'Somewhat difficult' }] });
    const entry = w.entries()[0]!;
    expect(w.store.entries.get(entry.id)!.metrics).toEqual({ phq9: 12 });
    expect(w.store.reflections.answers(entry.id).at(-1)).toMatchObject({ questionId: 'difficulty', value: 1, prompt: DIFFICULTY });

    const text = await take(w, 'gad7', { ...items(1, 1, 1, 1, 1, 1, 1), difficulty: 3 });
    expect(text.io.stdout()).toContain('GAD-7: 7 of 21 — mild');
    expect(text.io.stdout()).toContain(`${DIFFICULTY} Extremely difficult (recorded; not part of the score)`);
  });

  it('may be left out of an answers file', async () => {
    const w = world();
    const ctx = await take(w, 'phq9', PHQ9_12, { json: true });
    expect(JSON.parse(ctx.io.stdout()).unscored).toEqual([]);
    expect(w.store.reflections.answers(w.entries()[0]!.id).map((a) => a.questionId)).not.toContain('difficulty');
  });

  it('with every item at 0 it is not asked: a file\'s answer is left out, said on stderr', async () => {
    const w = world();
    const ctx = await take(w, 'phq9', { ...items(0, 0, 0, 0, 0, 0, 0, 0, 0), difficulty: 2 });
    expect(ctx.io.stdout()).not.toContain('recorded; not part of the score');
    expect(ctx.io.stderr()).toContain('Left out "difficulty": PHQ-9 asks it only when its condition holds');
    expect(w.store.reflections.answers(w.entries()[0]!.id).map((a) => a.questionId)).not.toContain('difficulty');
  });

  it('in a terminal: asked last when an item is above 0 (and can be skipped); not asked when all are 0', async () => {
    const zero = world();
    const none = zero.ctx({ tty: true, answers: [0, 0, 0, 0, 0, 0, 0] });
    await runAssess('gad7', {}, none);
    expect(none.prompter.asked).toHaveLength(7);

    const w = world();
    const seen: { name: string; value: number }[][] = [];
    const ctx = w.ctx({ tty: true });
    const script = [1, 0, 0, 0, 0, 0, 0];
    ctx.prompter.select = async <T,>(o: { message: string; choices: { name: string; value: T }[] }) => {
      seen.push(o.choices as unknown as { name: string; value: number }[]);
      return (script.length ? script.shift() : o.choices.at(-1)!.value) as T; // the last choice of the difficulty question: skip
    };
    await runAssess('gad7', {}, ctx);
    expect(seen).toHaveLength(8);
    expect(seen[7]!.map((c) => c.name)).toEqual(['Not difficult at all', 'Somewhat difficult', 'Very difficult', 'Extremely difficult', '(skip)']);
    expect(w.store.reflections.answers(w.entries()[0]!.id).map((a) => a.questionId)).not.toContain('difficulty');
    expect(ctx.io.stdout()).toContain('GAD-7: 1 of 21 — minimal');
  });
});

describe('what a result says besides the score', () => {
  it('ends with the instrument\'s attribution; --json carries it as source', async () => {
    const w = world();
    const phq = await take(w, 'phq9', PHQ9_8);
    expect(phq.io.stdout().trimEnd().split('\n').at(-1)).toMatch(/^Source: Kroenke K, Spitzer RL, Williams JBW\. The PHQ-9: .*No permission required to reproduce, translate, display or distribute\.$/);
    const who = await take(w, 'who5', items(3, 3, 3, 3, 3), { json: true });
    expect(JSON.parse(who.io.stdout()).source).toMatch(/^WHO-5 Well-Being Index \(1998 version\).*Free to use/);
  });

  it('PHQ-9 of 20 or more with item 9 at 0: "please share this with your care team soon", not "if it helps"', async () => {
    const w = world();
    const severe = await take(w, 'phq9', items(3, 3, 3, 3, 3, 3, 2, 0, 0));
    const out = severe.io.stdout();
    expect(out).toContain('PHQ-9: 20 of 27 — severe');
    expect(out).toContain('\nPlease share this with your care team soon.\n');
    expect(out).not.toContain('if it helps');
    expect(severe.io.stderr()).toBe(''); // item 9 at 0: no crisis lines

    const nineteen = await take(w, 'phq9', items(3, 3, 3, 3, 3, 3, 1, 0, 0), { keepBoth: true });
    expect(nineteen.io.stdout()).not.toContain('care team soon');
  });

  it('WHO-5 at 28 or below: likely depression, with the advice to consider a PHQ-9', async () => {
    const w = world();
    const ctx = await take(w, 'who5', items(2, 2, 1, 1, 1));
    expect(ctx.io.stdout()).toContain('WHO-5: 28 of 100 (raw 7 of 25) — likely depression');
    expect(ctx.io.stdout()).toContain('\nConsider a PHQ-9 (integrate assess phq9) and talk to your clinician.\n');
  });
});

describe('assess --date: a questionnaire taken earlier', () => {
  it('records it on that day, and reads the change against the result before it', async () => {
    const w = world();
    await take(w, 'phq9', PHQ9_12, { now: daysLater(-20) }); // 2026-11-01
    const ctx = w.ctx();
    await runAssess('phq9', { answers: answersFile(PHQ9_8), date: '2026-11-19 15:00', json: true }, ctx);
    const json = JSON.parse(ctx.io.stdout());
    expect(json).toMatchObject({ createdAt: '2026-11-19T15:00:00+01:00', date: '2026-11-19', change: -4, previousDate: '2026-11-01' });
    expect(w.store.entries.list({ pack: 'phq9' }).map((e) => e.localDate)).toEqual(['2026-11-19', '2026-11-01']);

    // Taken today after that: compared with the 19th, the latest before it.
    const today = await take(w, 'phq9', PHQ9_12);
    expect(today.io.stdout()).toContain('Up 4 since 2026-11-19 (8 → 12): about the same (within usual variation)');
  });

  it('words such as "yesterday" work; the list counts the cadence from that day', async () => {
    const w = world();
    await runAssess('who5', { answers: answersFile(items(3, 3, 3, 3, 3)), date: 'yesterday' }, w.ctx());
    expect(w.entries()[0]!.localDate).toBe('2026-11-20');
    const list = w.ctx();
    await runAssessList({ json: true }, list);
    expect((JSON.parse(list.io.stdout()) as { id: string; dueDate: string }[]).find((r) => r.id === 'who5')!.dueDate).toBe('2026-11-27');
  });

  it.each([['tomorrow'], ['2026-11-21 23:00'], ['2027-01-01']])('refuses a future date (%s): UsageError, nothing written', async (when) => {
    const w = world();
    const err = await rejection(runAssess('phq9', { answers: answersFile(PHQ9_12), date: when }, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/--date .*(in the future|more than a day in the future)/);
    expect(w.entries()).toEqual([]);
  });

  it('refuses a date it cannot read, naming the flag', async () => {
    const w = world();
    const ctx = w.ctx();
    expect(await main(['node', 'integrate', 'assess', 'phq9', '--answers', answersFile(PHQ9_12), '--date', 'the other day'], ctx)).toBe(2);
    expect(ctx.io.stderr()).toMatch(/^integrate: --date "the other day" is not a date I understand/);
    expect(w.entries()).toEqual([]);
  });

  it('says so when it falls within 24 hours after a session start', async () => {
    const w = world();
    w.store.sessions.insert({
      id: 's1', occurredAt: '2026-11-20T18:00:00.000Z', utcOffset: 60, localDate: '2026-11-20', route: 'iv', doseMg: null,
      setting: '', guide: '', intention: '', notes: '',
    }, '2026-11-20T18:00:00.000Z');
    const soon = await take(w, 'gad7', items(1, 1, 1, 1, 1, 1, 1));
    expect(soon.io.stderr()).toContain('Taken within 24 hours of session 1: acute effects can colour the answers');
    const before = w.ctx();
    await runAssess('phq9', { answers: answersFile(PHQ9_8), date: '2026-11-19' }, before);
    expect(before.io.stderr()).not.toContain('within 24 hours');
  });
});

describe('a retake on the same day', () => {
  it('without a terminal and without a flag: refused, naming --replace and --keep-both; nothing written', async () => {
    const w = world();
    await take(w, 'phq9', PHQ9_12);
    const ctx = w.ctx();
    expect(await main(['node', 'integrate', 'assess', 'phq9', '--answers', answersFile(PHQ9_8)], ctx)).toBe(2);
    expect(ctx.io.stderr()).toMatch(/^integrate: You already have a PHQ-9 on 2026-11-21 \(12, moderate, at 11:00\)\. Add --replace to replace it or --keep-both to keep both\. Nothing was saved\./);
    expect(w.entries()).toHaveLength(1);
    expect(w.store.entries.get(w.entries()[0]!.id)!.metrics).toEqual({ phq9: 12 });
  });

  it('--replace: the earlier result (and its safety flag) is gone, the new one stands, --json names the replaced id', async () => {
    const w = world();
    await take(w, 'phq9', { ...PHQ9_12, item9: 1 });
    const old = w.entries()[0]!.id;
    expect(w.store.safety.between('0000-01-01', '9999-12-31')).toHaveLength(1);
    const ctx = w.ctx({ now: new Date(NOW.getTime() + 3_600_000) });
    await runAssess('phq9', { answers: answersFile(PHQ9_8), replace: true, json: true }, ctx);
    const json = JSON.parse(ctx.io.stdout());
    expect(json).toMatchObject({ replaced: old, score: 8, change: null, previousDate: null });
    expect(w.entries().map((e) => e.id)).toEqual([json.id]);
    expect(w.store.safety.between('0000-01-01', '9999-12-31')).toEqual([]);
    expect(ctx.io.stderr()).toContain('Replaced the PHQ-9 of 2026-11-21 (was 12).');
  });

  it('--keep-both: both stay, and the change is read against the earlier one', async () => {
    const w = world();
    await take(w, 'phq9', PHQ9_12);
    const ctx = w.ctx({ now: new Date(NOW.getTime() + 3_600_000) });
    await runAssess('phq9', { answers: answersFile(PHQ9_8), keepBoth: true }, ctx);
    expect(w.entries()).toHaveLength(2);
    expect(ctx.io.stdout()).toContain('Down 4 since 2026-11-21 (12 → 8)');
  });

  it('both flags at once: refused in one line, nothing saved', async () => {
    const w = world();
    const ctx = w.ctx();
    expect(await main(['node', 'integrate', 'assess', 'phq9', '--answers', answersFile(PHQ9_8), '--replace', '--keep-both'], ctx)).toBe(2);
    expect(ctx.io.stderr()).toBe("integrate: option '--replace' cannot be used with option '--keep-both'. See integrate assess --help.\n");
    expect(w.entries()).toEqual([]);
  });

  it('in a terminal: asks first (replace / keep both / cancel), before the items', async () => {
    const w = world();
    await take(w, 'gad7', items(2, 2, 2, 2, 2, 2, 2));
    const replace = w.ctx({ tty: true, answers: ['replace', 0, 0, 0, 0, 0, 0, 0] });
    await runAssess('gad7', {}, replace);
    expect(replace.prompter.asked[0]).toMatch(/^You already have a GAD-7 on 2026-11-21 \(14, moderate, at 11:00\)\. What should happen to it\?/);
    expect(w.entries()).toHaveLength(1);
    expect(w.store.entries.get(w.entries()[0]!.id)!.metrics).toEqual({ gad7: 0 });

    const keep = w.ctx({ tty: true, answers: ['keep-both', 1, 0, 0, 0, 0, 0, 0, 0] });
    await runAssess('gad7', {}, keep);
    expect(w.entries()).toHaveLength(2);

    const cancel = w.ctx({ tty: true, answers: ['cancel'] });
    const err = await rejection(runAssess('gad7', {}, cancel));
    expect(err).toBeInstanceOf(CancelledError);
    expect(cancel.prompter.asked).toHaveLength(1);
    expect(w.entries()).toHaveLength(2);
  });

  it('another day within the cadence is a new result, with a note that results this close overlap', async () => {
    const w = world();
    await take(w, 'phq9', PHQ9_12);
    const next = await take(w, 'phq9', PHQ9_8, { now: daysLater(3) });
    expect(w.entries()).toHaveLength(2);
    expect(next.io.stderr()).toContain('Your last PHQ-9 was on 2026-11-21; each one looks back two weeks, so results this close overlap.');
  });
});

describe('assess (list): questionnaires wait', () => {
  it('within 24 hours after a session: "due, wait until …"; due again after', async () => {
    const w = world();
    w.store.sessions.insert({
      id: 's1', occurredAt: '2026-11-21T08:00:00.000Z', utcOffset: 60, localDate: '2026-11-21', route: 'iv', doseMg: null,
      setting: '', guide: '', intention: '', notes: '',
    }, '2026-11-21T08:00:00.000Z');
    const ctx = w.ctx();
    await runAssessList({}, ctx);
    expect(ctx.io.stdout()).toMatch(/^phq9\s+PHQ-9\s+not taken yet\s+due, wait until 2026-11-22 09:00 \(24 h after your session\)$/m);
    expect(ctx.io.stderr()).toBe('Right after a session, acute effects colour the answers, so questionnaires wait until 2026-11-22 09:00 (24 h after your session).\n');
    const json = w.ctx();
    await runAssessList({ json: true }, json);
    expect(JSON.parse(json.io.stdout())[0]).toMatchObject({ due: false, hold: { reason: 'after-session', until: '2026-11-22T08:00:00.000Z' } });

    const after = w.ctx({ now: new Date('2026-11-22T08:00:00Z') });
    await runAssessList({}, after);
    expect(after.io.stdout()).toMatch(/^phq9\s+PHQ-9\s+not taken yet\s+due$/m);
  });

  it('on a day whose latest check-in mood is 2: not pushed, rest first, crisis lines named', async () => {
    const w = world();
    insertEntry(w.store, { createdAt: '2026-11-21T08:00:00.000Z', localDate: '2026-11-21', metrics: { mood: 2 } });
    const ctx = w.ctx();
    await runAssessList({}, ctx);
    expect(ctx.io.stdout()).toMatch(/^gad7\s+GAD-7\s+not taken yet\s+due, not today: rest first$/m);
    expect(ctx.io.stderr()).toBe('Your check-in today says mood 2. Questionnaires can wait; rest first. If it gets too much: integrate crisis\n');
  });
});

describe('prompts show: an instrument\'s attribution and reading', () => {
  it('shows the source, the bands and the reliable-change threshold', async () => {
    const { runPromptsShow } = await import('../../src/commands/prompts.js');
    const ctx = world().ctx();
    await runPromptsShow('who5', {}, ctx);
    const out = ctx.io.stdout();
    expect(out).toMatch(/^Source: WHO-5 Well-Being Index \(1998 version\).*Free to use/m);
    expect(out).toContain('Bands (raw total): 0-7 likely depression, 8-12 poor wellbeing, 13-25 not indicative of poor wellbeing');
    expect(out).toContain('Reliable change: 10 percentage points or more');
    const mine = world().ctx({ config: { cadence: { who5: 10 } } });
    await runPromptsShow('who5', {}, mine);
    expect(mine.io.stdout()).toContain('Due every 10 days (your setting; the pack says 7); change it with integrate config set cadence.who5 N');
    const phq = world().ctx();
    await runPromptsShow('phq9', {}, phq);
    expect(phq.io.stdout()).toMatch(/^Source: Kroenke K, Spitzer RL, Williams JBW/m);
    expect(phq.io.stdout()).toContain('Reliable change: 5 or more');
    expect(phq.io.stdout()).toContain('Due every 14 days; change it with integrate config set cadence.phq9 N');
    expect(phq.io.stdout()).toMatch(/10\. If you checked off any problems.*\[difficulty: scale, if item1 or item2 .* or item9 above 0\]/);
  });
});
