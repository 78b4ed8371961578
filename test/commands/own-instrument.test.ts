// A questionnaire of one's own (kind: assessment in the prompts folder) goes
// the same way as the built-in ones: listed, taken, due-reminded on its own
// cadence, summarised; its results stay visible after its items change; a
// prompts folder that can't be read is said aloud and the built-in packs work.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAssess, runAssessHistory, runAssessList } from '../../src/commands/assess.js';
import { runConfigGet, runConfigList, runConfigSet } from '../../src/commands/config.js';
import { runDoctor } from '../../src/commands/doctor.js';
import { collectHome, homeText } from '../../src/commands/home.js';
import { runSummary } from '../../src/commands/summary.js';
import { createTestCtx } from '../../src/context.js';
import { UsageError } from '../../src/errors.js';
import { Store } from '../../src/store/index.js';
import { openDatabase } from '../../src/store/open.js';
import { rejection, tempDirs, testWorld } from '../helpers/world.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'instruments', 'mini-wellbeing.yaml');
const NOW = new Date('2026-11-21T10:00:00Z');
const daysLater = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
const tmpDir = tempDirs('integrate-own-instrument-');

afterEach(() => {
  vi.restoreAllMocks();
});

/** A config folder whose prompts/ holds the test instrument (cadence 10 days), optionally edited. */
function configWithInstrument(edit: (yaml: string) => string = (y) => y): string {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'prompts'));
  fs.writeFileSync(path.join(dir, 'prompts', 'mini-wellbeing.yaml'), edit(fs.readFileSync(FIXTURE, 'utf8')));
  return dir;
}

function answers(content: unknown): string {
  const file = path.join(tmpDir(), 'answers.json');
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('your own questionnaire, like the built-in ones', () => {
  it('assess lists it, takes it; home reminds on its own cadence; summary reports it with its bands', async () => {
    const config = configWithInstrument();
    const w = testWorld({ configDir: config });

    // Listed and due before it was ever taken.
    const list = w.ctx();
    await runAssessList({ json: true }, list);
    const rows = JSON.parse(list.io.stdout()) as { id: string; cadenceDays: number; due: boolean }[];
    expect(rows.map((r) => r.id)).toEqual(['gad7', 'mini-wellbeing', 'phq9', 'who5']);
    expect(rows.find((r) => r.id === 'mini-wellbeing')).toMatchObject({ cadenceDays: 10, due: true });
    expect((await collectHome(w.ctx())).dueAssessments.map((a) => a.id)).toContain('mini-wellbeing');

    await runAssess('mini-wellbeing', { answers: answers({ calm: 4, tense: 2, rested: 3, energy: 5 }) }, w.ctx());

    // Taken today: not due again until its cadence (10 days, from the pack) has passed.
    expect((await collectHome(w.ctx({ now: daysLater(9) }))).dueAssessments.map((a) => a.id)).not.toContain('mini-wellbeing');
    const due = w.ctx({ now: daysLater(10) });
    const facts = await collectHome(due);
    expect(facts.dueAssessments).toContainEqual({ id: 'mini-wellbeing', title: 'Mini Wellbeing', lastTaken: '2026-11-21' });
    expect(homeText(facts, due)).toContain('Mini Wellbeing (last 2026-11-21)');
    // The user's setting for this instrument wins over the pack's cadence.
    const sooner = await collectHome(w.ctx({ now: daysLater(3), config: { cadence: { 'mini-wellbeing': 3 } } }));
    expect(sooner.dueAssessments.map((a) => a.id)).toContain('mini-wellbeing');

    await runAssess('mini-wellbeing', { answers: answers({ calm: 2, tense: 4, rested: 2, energy: 2 }) }, w.ctx({ now: daysLater(10) }));
    const summary = w.ctx({ now: daysLater(10) });
    await runSummary({ days: '30' }, summary);
    const md = summary.io.stdout();
    expect(md).toContain('Mini Wellbeing');
    expect(md).toMatch(/80%.*40%|80.*→.*40/s);
    expect(summary.io.stderr()).not.toMatch(/could not be rescored/);
  });

  it('config: cadence.<id> exists for it, with the pack\'s cadence as the default; an unknown questionnaire is refused', async () => {
    const config = configWithInstrument();
    const ctx = createTestCtx({ configDir: config });
    await runConfigGet('cadence.mini-wellbeing', ctx);
    expect(ctx.io.stdout()).toBe('10\n');
    await runConfigList({ json: true }, ctx);
    expect(Object.keys(JSON.parse(ctx.io.stdout().slice('10\n'.length)) as object)).toContain('cadence.mini-wellbeing');
    await runConfigSet('cadence.mini-wellbeing', '5', ctx);
    expect(JSON.parse(fs.readFileSync(path.join(config, 'config.json'), 'utf8'))).toEqual({ 'cadence.mini-wellbeing': 5 });

    const err = await rejection(runConfigSet('cadence.nosuch', '5', createTestCtx({ configDir: config })));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('There is no questionnaire "nosuch" to set a cadence for. Questionnaires: gad7, mini-wellbeing, phq9, who5.');
  });
});

describe('results whose questionnaire changed since', () => {
  it('keep the score saved at the time, with one note, in history, the list, home and the summary', async () => {
    const w = testWorld({ configDir: configWithInstrument() });
    await runAssess('mini-wellbeing', { answers: answers({ calm: 4, tense: 2, rested: 3, energy: 5 }) }, w.ctx());
    await runAssess('mini-wellbeing', { answers: answers({ calm: 3, tense: 3, rested: 3, energy: 3 }) }, w.ctx({ now: daysLater(1) }));

    // The item "calm" is renamed: the stored answers no longer fit the score.
    const changed = configWithInstrument((y) => y.replace('[calm, tense, rested, energy]', '[peace, tense, rested, energy]')
      .replace('items: [calm, tense]', 'items: [peace, tense]').replace('id: calm', 'id: peace'));
    const history = w.ctx({ configDir: changed, now: daysLater(2) });
    await runAssessHistory('mini-wellbeing', { json: true }, history);
    const results = (JSON.parse(history.io.stdout()) as Record<string, { score: number; band: string }[]>)['mini-wellbeing']!;
    expect(results.map((r) => [r.score, r.band])).toEqual([[80, 'high'], [60, 'middling']]);
    expect(history.io.stderr()).toBe('Note: 2 earlier results of Mini Wellbeing could not be rescored because the questionnaire changed; they show the score saved at the time.\n');

    const list = w.ctx({ configDir: changed, now: daysLater(2) });
    await runAssessList({ json: true }, list);
    expect((JSON.parse(list.io.stdout()) as { id: string; lastScore: number }[]).find((r) => r.id === 'mini-wellbeing')).toMatchObject({ lastScore: 60, due: false });

    const home = await collectHome(w.ctx({ configDir: changed, now: daysLater(2) }));
    expect(home.dueAssessments.map((a) => a.id)).not.toContain('mini-wellbeing');

    const summary = w.ctx({ configDir: changed, now: daysLater(2) });
    await runSummary({ days: '30' }, summary);
    expect(summary.io.stdout()).toContain('Mini Wellbeing');
    expect(summary.io.stderr()).toContain('could not be rescored because the questionnaire changed');
  });

  it('without a saved score either, they are counted and said to be left out, never silently dropped', async () => {
    const w = testWorld({ configDir: configWithInstrument() });
    await runAssess('mini-wellbeing', { answers: answers({ calm: 4, tense: 2, rested: 3, energy: 5 }) }, w.ctx());
    // The score is also saved under a new metric name now.
    const changed = configWithInstrument((y) => y.replace('id: calm', 'id: peace').replace(/\bcalm\b/g, 'peace').replace('metric: mini-wellbeing', 'metric: mini-wellbeing-2'));
    const history = w.ctx({ configDir: changed });
    await runAssessHistory(undefined, {}, history);
    expect(history.io.stderr()).toContain('Note: 1 earlier result of Mini Wellbeing could not be rescored because the questionnaire changed, and it has no saved score, so it is left out (their answers are kept).\n');
  });
});

describe('a prompts folder that cannot be read', () => {
  it('is said to be unreadable, with how to fix it; the built-in packs still work', async () => {
    const config = configWithInstrument();
    const prompts = path.join(config, 'prompts');
    const real = fs.readdirSync;
    vi.spyOn(fs, 'readdirSync').mockImplementation(((dir: fs.PathLike, ...rest: unknown[]) => {
      if (String(dir) === prompts) throw Object.assign(new Error(`EACCES: permission denied, scandir '${prompts}'`), { code: 'EACCES' });
      return (real as (...a: unknown[]) => unknown)(dir, ...rest);
    }) as typeof fs.readdirSync);
    const ctx = createTestCtx({ configDir: config });
    await runAssessList({}, ctx);
    expect(ctx.io.stdout()).toMatch(/^phq9 /m);
    expect(ctx.io.stdout()).not.toContain('mini-wellbeing');
    expect(ctx.io.stderr().split('\n')[0]).toBe(
      `Your prompt packs folder ${prompts} can't be read (permission denied), so only the built-in packs are in use; check its owner and permissions (ls -ld "${prompts}"; chmod u+rwx "${prompts}").`,
    );
  });
});

describe('a file where the prompts folder should be', () => {
  it('is named as not a folder, with how to fix it; journal\'s packs and assess work from the built-in ones', async () => {
    const config = tmpDir();
    fs.writeFileSync(path.join(config, 'prompts'), 'not a folder');
    const ctx = createTestCtx({ configDir: config });
    await runAssessList({ json: true }, ctx);
    expect((JSON.parse(ctx.io.stdout()) as { id: string }[]).map((r) => r.id)).toEqual(['gad7', 'phq9', 'who5']);
    const prompts = path.join(config, 'prompts');
    expect(ctx.io.stderr()).toBe(`Your prompt packs folder ${prompts} can't be read (it is not a folder), so only the built-in packs are in use; move that file away and make a folder there (mkdir -p "${prompts}").\n`);
  });
});

describe('doctor and a file it cannot read', () => {
  it('says "can\'t be read (permission denied)", not "not present"', async () => {
    const file = path.join(tmpDir(), 'integrate.db');
    const opened = openDatabase(file, { create: true, ownsDirectory: false })!;
    const store = new Store(opened.db, opened.path);
    try {
      const ctx = { ...createTestCtx({ now: NOW, store }), dbPath: () => ({ path: file, isDefault: false }) };
      fs.chmodSync(file, 0o600);
      const real = fs.accessSync;
      // As root the permission bits are not enforced; the answer a user gets is simulated.
      vi.spyOn(fs, 'accessSync').mockImplementation((f: fs.PathLike, mode?: number) => {
        if (String(f) === file) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        real(f, mode);
      });
      const err = await rejection(runDoctor({ json: true }, ctx));
      expect(err.message).toMatch(/needs attention/);
      const report = JSON.parse(ctx.io.stdout()) as { checks: { name: string; ok: boolean; detail: string }[] };
      expect(report.checks.find((c) => c.name === 'file permissions')).toEqual({
        name: 'file permissions', ok: false, detail: `600: can't be read (permission denied); make it readable for you: chmod u+rw "${file}"`,
      });
    } finally {
      store.close();
    }
  });
});
