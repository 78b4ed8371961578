// Fixes from the review of src/: user text never reaches the terminal raw
// (imported kinds, due dates, pack titles and bands, file names, error
// messages that quote input), prototype names are not settings or topics,
// bad input stops with one clear line, nothing private is left in /tmp.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess, runAssessHistory, runAssessList } from '../../src/commands/assess.js';
import { runEdit } from '../../src/commands/edit.js';
import { runExport } from '../../src/commands/export.js';
import { collectHome, homeText } from '../../src/commands/home.js';
import { runImport } from '../../src/commands/import.js';
import { runIntentionsList } from '../../src/commands/intentions.js';
import { runJournal } from '../../src/commands/journal.js';
import { loadAllPacks } from '../../src/packs/installed.js';
import { runList } from '../../src/commands/list.js';
import { runPromptsValidate } from '../../src/commands/prompts.js';
import { runSearch } from '../../src/commands/search.js';
import { runSessionAdd, runSessionEdit } from '../../src/commands/session.js';
import { runShow } from '../../src/commands/show.js';
import { runStats } from '../../src/commands/stats.js';
import { readConfigFile } from '../../src/config.js';
import { createTestCtx } from '../../src/context.js';
import type { Question } from '../../src/domain/packs.js';
import { DataError, UsageError } from '../../src/errors.js';
import { htmlToText } from '../../src/formats/importers/daylio.js';
import { main } from '../../src/main.js';
import { askQuestion } from '../../src/packs/run.js';
import type { Prompter } from '../../src/prompter.js';
import { ensureBuilt, makeSandbox, runBin } from '../helpers/run-bin.js';
import { insertEntry, rejection, tempDirs, testWorld } from '../helpers/world.js';

const ESC = '\u001b';
/** Anything a terminal would act on: ESC, BEL, C1 controls, bidi overrides. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const tmpDir = tempDirs('integrate-review-');

const world = () => testWorld();


const insert = insertEntry;

/** A config folder holding one user pack. */
function configWithPack(file: string, yaml: string): string {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'prompts'));
  fs.writeFileSync(path.join(dir, 'prompts', file), yaml);
  return dir;
}

function writeTemp(name: string, content: string): string {
  const file = path.join(tmpDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

describe('main: error messages that quote the user are one clean line', () => {
  it('a value with escape sequences and a newline is shown without them, on one line, exit 2', async () => {
    const ctx = createTestCtx();
    const code = await main(['node', 'integrate', 'config', 'set', 'region', `${ESC}[31mX${ESC}]0;owned\u0007\nsecond line`], ctx);
    expect(code).toBe(2);
    const err = ctx.io.stderr();
    expect(err).not.toMatch(CONTROL);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toContain('region must be a two-letter country code');
  });

  it('a --date the parser cannot read is echoed sanitised', async () => {
    const ctx = createTestCtx();
    const code = await main(['node', 'integrate', 'checkin', '--mood', '5', '--date', `yesterdy${ESC}[2J`], ctx);
    expect(code).toBe(2);
    expect(ctx.io.stderr()).not.toMatch(CONTROL);
    expect(ctx.io.stderr()).toContain('--date "yesterdy" is not a date I understand');
    expect(ctx.testStore.entries.list()).toEqual([]);
  });
});

describe('settings and help topics are looked up as own names only', () => {
  it('config get/set/unset of toString, constructor or __proto__ is an unknown setting (exit 2), not a crash', async () => {
    for (const args of [['get', 'toString'], ['set', 'constructor', '3'], ['unset', '__proto__']]) {
      const ctx = createTestCtx({ configDir: tmpDir() });
      expect(await main(['node', 'integrate', 'config', ...args], ctx)).toBe(2);
      expect(ctx.io.stderr()).toMatch(/^integrate: There is no setting "\w+"\. Valid keys: region, /);
      expect(ctx.io.stdout()).toBe('');
    }
  });

  it('a config file with a "__proto__" or "toString" key is refused with a clear message', () => {
    for (const key of ['__proto__', 'toString']) {
      const file = writeTemp('config.json', `{"${key}": "x"}`);
      expect(() => readConfigFile(file)).toThrow(DataError);
      expect(() => readConfigFile(file)).toThrow(`has an unknown key "${key}"`);
    }
  });

  it('integrate help constructor / __proto__ is an unknown topic (exit 2)', async () => {
    for (const word of ['constructor', '__proto__', 'hasOwnProperty']) {
      const ctx = createTestCtx();
      expect(await main(['node', 'integrate', 'help', word], ctx)).toBe(2);
      expect(ctx.io.stderr()).toContain(`There is no command or topic "${word}"`);
    }
  });
});

describe('entries from an imported file: kind, pack and metric names are sanitised where shown', () => {
  const hostile = { kind: `che${ESC}]0;PWNED\u0007ckin`, pack: `x${ESC}[31mred`, text: 'hello there', metrics: { constructor: 3, mood: 6 } };

  it('list, show and search print them without control sequences (and no "function Object")', async () => {
    const w = world();
    const e = insert(w.store, hostile);
    const list = w.ctx();
    await runList({}, list);
    const show = w.ctx();
    await runShow(e.id.slice(0, 8), {}, show);
    const search = w.ctx();
    await runSearch('hello', {}, search);
    for (const out of [list.io.stdout(), show.io.stdout(), search.io.stdout()]) {
      expect(out).not.toMatch(CONTROL);
      expect(out).toContain('checkin');
    }
    expect(list.io.stdout()).toContain('checkin:xred');
    expect(list.io.stdout()).toContain('constructor 3');
    expect(list.io.stdout()).not.toContain('function');
  });

  it('a due date that is not a date (old or hand-made data) is shown sanitised by intentions and stats', async () => {
    const w = world();
    w.store.intentions.insert({
      id: crypto.randomUUID(), text: 'Walk after lunch', createdAt: '2026-11-20T09:00:00.000Z', utcOffset: 60,
      sourceEntryId: null, status: 'open', dueDate: `${ESC}[31mRED${ESC}[0m`, closedAt: null,
    });
    const intentions = w.ctx();
    await runIntentionsList({}, intentions);
    const stats = w.ctx();
    await runStats({}, stats);
    for (const out of [intentions.io.stdout(), stats.io.stdout()]) {
      expect(out).not.toMatch(CONTROL);
      expect(out).toContain('due RED');
    }
  });
});

describe('integrate import: names integrate never writes are refused, naming the record', () => {
  const base = {
    id: '0d20ac49-288a-4200-a652-3afcd42c681f', createdAt: '2026-11-21T09:47:00+01:00', kind: 'checkin', pack: null,
    metrics: { mood: 6 }, practices: [], tags: [], text: 'hi', private: false, starred: false,
  };
  const doc = (entry: object, intentions: object[] = []) => JSON.stringify({ format: 'integrate', version: 1, entries: [entry], intentions });

  it.each([
    ['kind', { ...base, kind: `check${ESC}]0;x\u0007in` }, 'field "kind" must be an entry kind'],
    ['pack', { ...base, pack: 'Daily Pack' }, 'field "pack" must be a pack id'],
    ['metric name', { ...base, metrics: { [`mo${ESC}[2Jod`]: 6 } }, 'field "metrics" has the key "mo\\u001b[2Jod", which is not a metric name'],
    ['tag', { ...base, tags: [`work${ESC}[31m`] }, 'field "tags.0" must be a name without control characters'],
  ])('a bad %s: exit 2, one line, nothing imported', async (_what, entry, message) => {
    const w = world();
    const err = await rejection(runImport(writeTemp('in.json', doc(entry)), {}, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain(`entry 1: ${message}`);
    expect(err.message).toContain('Nothing was imported.');
    expect(w.store.entries.list()).toEqual([]);
  });

  it('an intention due date must be a real day', async () => {
    const w = world();
    const intention = {
      id: '0d20ac49-288a-4200-a652-3afcd42c6820', text: 'do', createdAt: '2026-11-21T09:47:00+01:00', status: 'open',
      dueDate: `${ESC}[31mRED`, closedAt: null, sourceEntryId: null,
    };
    const err = await rejection(runImport(writeTemp('in.json', doc(base, [intention])), {}, w.ctx()));
    expect(err.message).toBe('intention 1: field "dueDate" must be a date YYYY-MM-DD; got "\\u001b[31mRED". Nothing was imported.');
    expect(w.store.entries.list()).toEqual([]);
    expect(w.store.intentions.all()).toEqual([]);
  });

  it('a file integrate exported still imports', async () => {
    const w = world();
    const intention = {
      id: '0d20ac49-288a-4200-a652-3afcd42c6820', text: 'do', createdAt: '2026-11-21T09:47:00+01:00', status: 'open',
      dueDate: '2026-11-27', closedAt: null, sourceEntryId: null,
    };
    const entry = { ...base, kind: 'journal', pack: 'post-session', metrics: { mood: 6, 'who5': 40 }, tags: ['family'], practices: ['yoga'] };
    await runImport(writeTemp('in.json', doc(entry, [intention])), {}, w.ctx());
    expect(w.store.entries.list()).toHaveLength(1);
    expect(w.store.intentions.all()[0]!.dueDate).toBe('2026-11-27');
  });
});

describe('importers from other tools: a tag integrate cannot keep names the record, not a flag', () => {
  it('jrnl: a 70-character tag stops the import with the entry named; a bare "@" is dropped', async () => {
    const long = `@${'x'.repeat(70)}`;
    const w = world();
    const bad = writeTemp('j.json', JSON.stringify({ entries: [{ title: 'a', body: 'b', date: '2026-01-01', time: '09:00', tags: [long] }] }));
    const err = await rejection(runImport(bad, { from: 'jrnl' }, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/^entry 1: tag "x+…" is too long \(60 characters at most\)\. Nothing was imported\.$/);
    expect(err.message).not.toContain('--tag');
    expect(w.store.entries.list()).toEqual([]);

    const ok = writeTemp('j2.json', JSON.stringify({ entries: [{ title: 'a', date: '2026-01-01', tags: ['@', '@Work'] }] }));
    await runImport(ok, { from: 'jrnl' }, w.ctx());
    expect(w.store.entries.list()[0]!.tags).toEqual(['work']);
  });

  it('Day One: a time zone with escape sequences is noted without them', async () => {
    const w = world();
    const ctx = w.ctx();
    const file = writeTemp('d.json', JSON.stringify({ entries: [{ uuid: 'A1', creationDate: '2026-01-01T09:00:00Z', timeZone: `Mars/${ESC}[31mBase`, text: 'x' }] }));
    await runImport(file, { from: 'dayone' }, ctx);
    expect(ctx.io.stderr()).toContain('Note: entry 1 (A1): unknown time zone "Mars/Base"');
    expect(ctx.io.stderr()).not.toMatch(CONTROL);
  });

  it('Daylio: "&constructor;" in a note stays as written', () => {
    expect(htmlToText('a &constructor; b &toString; &amp;')).toBe('a &constructor; b &toString; &');
  });
});

const HOSTILE_INSTRUMENT = `id: evil
kind: assessment
title: "Ev\\e]0;PWN\\aIL"
version: 1
cadenceDays: 14
scoring:
  metric: evil
  unit: "\\e[31m%"
  higherIsBetter: true
  bands: [{min: 0, max: 10, label: "b\\e[2Jand"}]
  flags: [{above: -1, label: "fl\\e[5mag"}]
  subscales: [{id: s, title: "su\\e[7mb", items: [q1]}]
  safetyItem: {question: q1, above: 0}
questions:
  - {id: q1, type: scale, prompt: Q1?, min: 0, max: 5}
  - {id: q2, type: scale, prompt: Q2?, min: 0, max: 5}
`;

describe('assess with your own questionnaire', () => {
  it('shows its title, band, flags, subscales and unit without control sequences (result, list, history, home)', async () => {
    const config = configWithPack('evil.yaml', HOSTILE_INSTRUMENT);
    const w = world();
    const take = w.ctx({ configDir: config });
    await runAssess('evil', { answers: writeTemp('a.json', '{"q1": 0, "q2": 2}') }, take);
    expect(take.io.stdout()).toContain('EvIL: 2 of 10 — band');
    const list = w.ctx({ configDir: config });
    await runAssessList({}, list);
    const history = w.ctx({ configDir: config });
    await runAssessHistory('evil', {}, history);
    const homeCtx = w.ctx({ configDir: config, now: new Date('2026-12-30T10:00:00Z') });
    const home = homeText(await collectHome(homeCtx), homeCtx);
    expect(home).toContain('EvIL');
    for (const out of [take.io.stdout(), list.io.stdout(), history.io.stdout(), home]) expect(out).not.toMatch(CONTROL);
  });

  it('an item the score needs but the pack left optional must be answered: exit 2, nothing saved (not "Something went wrong")', async () => {
    const config = configWithPack('evil.yaml', HOSTILE_INSTRUMENT);
    const w = world();
    const err = await rejection(runAssess('evil', { answers: writeTemp('a.json', '{"q1": 0}') }, w.ctx({ configDir: config })));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('"q2" is required (it counts towards the score)');
    expect(err.message).toContain('Nothing was saved.');
    expect(w.store.entries.list()).toEqual([]);
  });

  it('asked in a terminal, the items the score needs are asked as required', async () => {
    const config = configWithPack('evil.yaml', HOSTILE_INSTRUMENT);
    const w = world();
    const ctx = w.ctx({ configDir: config, tty: true, answers: [0, 3] });
    const required: boolean[] = [];
    const number = ctx.prompter.number.bind(ctx.prompter);
    ctx.prompter.number = (o) => {
      required.push(Boolean(o.required));
      return number(o);
    };
    await runAssess('evil', {}, ctx);
    expect(required).toEqual([true, true]);
    expect(w.store.entries.list()).toHaveLength(1);
  });

  it("another questionnaire's safety item gets the general words, not PHQ-9 item 9's", async () => {
    const config = configWithPack('evil.yaml', HOSTILE_INSTRUMENT);
    const w = world();
    const ctx = w.ctx({ configDir: config });
    await runAssess('evil', { answers: writeTemp('a.json', '{"q1": 2, "q2": 2}') }, ctx);
    expect(ctx.io.stderr()).toContain('Thank you for answering that honestly. You deserve support right now.');
    // That line does not say it, so the list keeps "you do not have to carry this alone".
    expect(ctx.io.stderr().replace(/\s+/g, ' ')).toContain('please reach out now — you do not have to carry this alone:');
    expect(ctx.io.stderr()).not.toContain('better off dead');
    expect(w.store.safety.between('2026-01-01', '2026-12-31').map((f) => f.kind)).toEqual(['safety-item']);
  });

  it('a safety item with words of its own says them (without control sequences) before the crisis lines; the flag is the pack\'s', async () => {
    const pack = HOSTILE_INSTRUMENT.replace('safetyItem: {question: q1, above: 0}', 'safetyItem: {question: q1, above: 1, support: "You said the nights feel unsafe.\\e[2J Please reach out today."}');
    const config = configWithPack('evil.yaml', pack);
    const w = world();
    const below = w.ctx({ configDir: config });
    await runAssess('evil', { answers: writeTemp('a.json', '{"q1": 1, "q2": 2}') }, below);
    expect(below.io.stderr()).not.toContain('nights feel unsafe');
    const ctx = w.ctx({ configDir: config });
    await runAssess('evil', { answers: writeTemp('b.json', '{"q1": 2, "q2": 2}'), replace: true }, ctx);
    expect(ctx.io.stderr()).toContain('You said the nights feel unsafe. Please reach out today.');
    expect(ctx.io.stderr()).not.toMatch(CONTROL);
    expect(w.store.safety.between('2026-01-01', '2026-12-31').map((f) => f.kind)).toEqual(['safety-item']);
  });

  it('PHQ-9 says its item 9 words and records phq9-item9, both from prompts/phq9.yaml', async () => {
    const w = world();
    const ctx = w.ctx();
    const answers = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`item${i + 1}`, i === 8 ? 1 : 0]));
    await runAssess('phq9', { answers: writeTemp('p.json', JSON.stringify(answers)) }, ctx);
    expect(ctx.io.stderr()).toContain('You said you have had thoughts of being better off dead or of hurting yourself.');
    expect(w.store.safety.between('2026-01-01', '2026-12-31').map((f) => f.kind)).toEqual(['phq9-item9']);
  });

  it('a safety item may record only a safety-item flag (or phq9-item9): another kind is a validation error', async () => {
    const pack = HOSTILE_INSTRUMENT.replace('safetyItem: {question: q1, above: 0}', 'safetyItem: {question: q1, above: 0, flag: low-mood}');
    const err = await rejection(runPromptsValidate(writeTemp('evil.yaml', pack), world().ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('pack field "scoring.safetyItem.flag": Invalid option: expected one of "safety-item"|"phq9-item9"');
  });
});

describe('journal', () => {
  const TINY = `id: tiny
title: Tiny
version: 1
questions:
  - {id: note, type: text, prompt: A line?}
  - {id: labels, type: tags, prompt: Tags?}
  - {id: next, type: intention, prompt: One small step?}
`;

  it('an intention line with self-harm words is noticed like any other free text: flag recorded, support shown', async () => {
    const config = configWithPack('tiny.yaml', TINY);
    const w = world();
    const ctx = w.ctx({ configDir: config });
    await runJournal('tiny', { answers: writeTemp('a.yaml', 'note: an ordinary day\nnext: stop wanting to end my life\n') }, ctx);
    expect(w.store.safety.between('2026-01-01', '2026-12-31').map((f) => f.kind)).toEqual(['phrase']);
    expect(ctx.io.stderr()).toContain('You do not have to hold it alone.');
    // The list that follows the warm line does not say it again.
    expect(ctx.io.stderr()).toContain('If you are in danger or thinking about ending your life, please reach out now:');
    expect(ctx.io.stderr()).not.toContain('carry this alone');
    expect(w.store.intentions.all()).toHaveLength(1);
  });

  it('a tag answer integrate cannot keep is reported with the answer, not as a --tag problem; nothing saved', async () => {
    const config = configWithPack('tiny.yaml', TINY);
    const w = world();
    const err = await rejection(runJournal('tiny', { answers: writeTemp('a.yaml', `labels: [ok, ${'x'.repeat(70)}]\n`) }, w.ctx({ configDir: config })));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/"labels" tag "x+…" is too long \(60 characters at most\)/);
    expect(err.message).not.toContain('--tag');
    expect(w.store.entries.list()).toEqual([]);
  });

  it('asked in a terminal, a tags answer is checked as it is typed', async () => {
    let validate: ((v: string) => string | true) | undefined;
    const prompter = { input: async (o: { validate?: (v: string) => string | true }) => ((validate = o.validate), 'ok') } as unknown as Prompter;
    const q: Question = { id: 'labels', type: 'tags', prompt: 'Tags?', required: false, insight: false, discuss: false };
    await askQuestion(q, prompter, createTestCtx().io);
    expect(validate!('family, work')).toBe(true);
    expect(validate!(`family ${'x'.repeat(70)}`)).toMatch(/^Tag "x+…" is too long \(60 characters at most\)\.$/);
  });

  it('a broken pack file whose name carries escape sequences is reported without them', async () => {
    const config = tmpDir();
    fs.mkdirSync(path.join(config, 'prompts'));
    fs.writeFileSync(path.join(config, 'prompts', `bad${ESC}[31m.yaml`), 'id: [');
    const ctx = createTestCtx({ configDir: config });
    await loadAllPacks(ctx);
    expect(ctx.io.stderr()).toContain('Skipped your prompt pack');
    expect(ctx.io.stderr()).toContain('bad.yaml');
    expect(ctx.io.stderr()).not.toMatch(CONTROL);
  });
});

describe('session add in a terminal', () => {
  it('a date it cannot read is echoed sanitised before asking again', async () => {
    const w = world();
    const ctx = w.ctx({ tty: true, answers: [`nope${ESC}[2J`, 'today', 'iv', '', '', '', '', ''] });
    await runSessionAdd({}, ctx);
    expect(ctx.io.stderr()).toContain('"nope" is not a date I understand');
    expect(ctx.io.stderr()).not.toMatch(CONTROL);
    expect(w.store.sessions.list()).toHaveLength(1);
  });
});

describe('"--note -" with nothing on stdin never wipes what is there', () => {
  it('edit: exit 2, the text and the other values unchanged; --note \'\' still clears on purpose', async () => {
    const w = world();
    const e = insert(w.store, { text: 'a long private note', metrics: { mood: 5 } });
    const err = await rejection(runEdit(e.id, { mood: '6', note: '-' }, w.ctx({ stdin: '' })));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('The note from stdin was empty, so nothing was changed');
    expect(w.store.entries.get(e.id)).toMatchObject({ text: 'a long private note', metrics: { mood: 5 } });
    await runEdit(e.id, { note: '' }, w.ctx());
    expect(w.store.entries.get(e.id)!.text).toBe('');
    // Nothing to lose: an entry without text takes an empty stdin note as before.
    await runEdit(e.id, { mood: '7', note: '-' }, w.ctx({ stdin: '' }));
    expect(w.store.entries.get(e.id)!.metrics.mood).toBe(7);
  });

  it('session edit: exit 2, the notes and the dose unchanged', async () => {
    const w = world();
    await runSessionAdd({ route: 'iv', note: 'what stood out' }, w.ctx());
    const err = await rejection(runSessionEdit('1', { doseMg: '40', note: '-' }, w.ctx({ stdin: '' })));
    expect(err).toBeInstanceOf(UsageError);
    expect(w.store.sessions.list()[0]).toMatchObject({ notes: 'what stood out', doseMg: null });
  });
});

describe('messages naming a file the user chose', () => {
  it('export --out to a name with an escape sequence: the notice shows it without', async () => {
    const w = world();
    insert(w.store, { text: 'x' });
    const ctx = w.ctx();
    await runExport({ out: path.join(tmpDir(), `out${ESC}[31m.json`) }, ctx);
    expect(ctx.io.stderr()).toMatch(/^Exported 1 entry to .*out\.json\n$/);
    expect(ctx.io.stderr()).not.toMatch(CONTROL);
  });
});

describe('notices from opening the database (built bin)', () => {
  const box = makeSandbox('integrate-review-e2e-');
  beforeAll(() => ensureBuilt());
  afterAll(() => box.cleanup());

  it('"Tightened permissions" names a path with escape sequences without them', async () => {
    const dir = path.join(box.dir, `data${ESC}[31m`);
    fs.mkdirSync(dir);
    const db = path.join(dir, 'x.db');
    expect((await runBin(['checkin', '--mood', '5'], box.dir, { env: { INTEGRATE_DB: db } })).code).toBe(0);
    fs.chmodSync(db, 0o644);
    const run = await runBin(['list'], box.dir, { env: { INTEGRATE_DB: db } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Tightened permissions of');
    expect(run.stderr).toMatch(/Tightened permissions of \S*data\/x\.db/);
    expect(run.stderr).not.toMatch(CONTROL);
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
  });
});
