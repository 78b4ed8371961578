// `integrate assess`: what is due, taking an instrument (answers file, stdin or
// prompts), what is stored, the result and its change, and history.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAssess, runAssessHistory, runAssessList } from '../../src/commands/assess.js';
import { createTestCtx, type TestCtxOptions } from '../../src/context.js';
import { NotFoundError, UsageError } from '../../src/errors.js';
import { main } from '../../src/main.js';
import { rejection, tempDirs, testWorld } from '../helpers/world.js';

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


async function take(w: ReturnType<typeof world>, id: string, answers: Record<string, unknown>, opts: TestCtxOptions & { json?: boolean } = {}) {
  const { json, ...ctxOpts } = opts;
  const ctx = w.ctx(ctxOpts);
  await runAssess(id, { answers: answersFile(answers), json }, ctx);
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

  it('WHO-5: reports the percentage with the raw score, the poor-wellbeing note, and records the percentage', async () => {
    const w = world();
    const ctx = await take(w, 'who5', items(3, 3, 2, 2, 2));
    const out = ctx.io.stdout();
    expect(out).toContain('WHO-5: 48% of 100% (raw 12) — poor wellbeing');
    expect(out).toContain('Note: poor wellbeing (raw score below 13).');
    expect(w.store.entries.get(w.entries()[0]!.id)!.metrics).toEqual({ who5: 48 });

    const good = await take(w, 'who5', items(5, 5, 5, 5, 5), { now: daysLater(7) });
    expect(good.io.stdout()).toContain('WHO-5: 100% of 100% (raw 25) — not indicative of poor wellbeing');
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
    expect(ctx.io.stdout()).toContain('WHO-5: 80% of 100% (raw 20)');
    expect(w.store.entries.get(w.entries()[0]!.id)!.metrics).toEqual({ who5: 80 });
  });

  it('--json prints the result with a stable shape', async () => {
    const w = world();
    const ctx = await take(w, 'who5', items(3, 3, 3, 2, 2), { json: true });
    const json = JSON.parse(ctx.io.stdout());
    expect(Object.keys(json)).toEqual([
      'id', 'instrument', 'createdAt', 'score', 'raw', 'maxScore', 'band', 'flags', 'subscales', 'higherIsBetter', 'change', 'previousDate',
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
    const values = [0, 1, 2, 3, 0, 1, 2, 3, 0];
    const ctx = w.ctx({ tty: true, answers: values });
    await runAssess('phq9', {}, ctx);
    expect(ctx.prompter.asked).toHaveLength(9);
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
    expect(ctx.io.stdout()).toContain('WHO-5: 100% of 100% (raw 25)');
  });
});

describe('change since last', () => {
  it('PHQ-9 down 4: an improvement, with the previous date', async () => {
    const w = world();
    await take(w, 'phq9', PHQ9_12);
    const later = await take(w, 'phq9', PHQ9_8, { now: daysLater(14) });
    expect(later.io.stdout()).toContain('Down 4 since 2026-11-21 — for PHQ-9, lower is better, so that is an improvement.');

    const json = await take(w, 'phq9', PHQ9_12, { now: daysLater(28), json: true });
    expect(JSON.parse(json.io.stdout())).toMatchObject({ score: 12, change: 4, previousDate: '2026-12-05', higherIsBetter: false });
  });

  it('WHO-5 up: an improvement, in percentage points', async () => {
    const w = world();
    await take(w, 'who5', items(2, 2, 2, 2, 2));
    const later = await take(w, 'who5', items(3, 3, 3, 3, 3), { now: daysLater(7) });
    expect(later.io.stdout()).toContain('WHO-5: 60% of 100% (raw 15)');
    expect(later.io.stdout()).toContain('Up 20% since 2026-11-21 — for WHO-5, higher is better, so that is an improvement.');
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
      lastBand: 'not indicative of poor wellbeing', dueDate: '2026-11-28', due: false,
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
      expect(Object.keys(row)).toEqual(['id', 'title', 'cadenceDays', 'lastTaken', 'lastScore', 'lastBand', 'dueDate', 'due']);
      expect(row).toMatchObject({ lastTaken: null, lastScore: null, lastBand: null, dueDate: '2026-11-21', due: true });
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
    expect(text.io.stdout()).toContain('Mini Wellbeing: 25% of 100% (raw 5) — low');
    expect(text.io.stdout()).toContain('Note: very low.');
    expect(text.io.stdout()).toContain('Mind: 2');
    expect(text.io.stdout()).toContain('Body: 3');
    expect(text.io.stdout()).toContain('Down 55% since 2026-11-21 — for Mini Wellbeing, higher is better, so that is a harder stretch than last time. Scores move up and down; it may be worth mentioning to your clinician.');
  });
});
