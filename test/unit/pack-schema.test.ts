// The prompt pack format: the built-in packs are valid and meaningful, a bad
// file reports every problem (file, question id, field), and a broken user
// pack never stops the built-in packs from working.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runJournal } from '../../src/commands/journal.js';
import { runPromptsList, runPromptsShow } from '../../src/commands/prompts.js';
import { createTestCtx } from '../../src/context.js';
import { QUESTION_TYPES, checkAnswerSet, reflectionParts, visibleQuestions, type Pack } from '../../src/domain/packs.js';
import { main } from '../../src/main.js';
import { builtInPromptsDir, loadPacks, readPackFile } from '../../src/packs/load.js';
import { requirePackIn as requirePack } from '../../src/domain/packs.js';
import { parsePack } from '../../src/packs/schema.js';
import { UnknownPack } from '../../src/errors.js';
import { cliWording } from '../../src/commands/shared/domain-errors.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROMPTS = path.join(ROOT, 'prompts');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'packs');
const fixture = (name: string) => path.join(FIXTURES, name);

const builtInFiles = fs.readdirSync(PROMPTS).filter((f) => f.endsWith('.yaml')).sort();
const REFLECTION_FILES = ['daily.yaml', 'post-session.yaml', 'pre-session.yaml', 'realms.yaml', 'weekly.yaml'];
/** Reflection packs (not questionnaires, which keep their published length). */
const isReflection = (file: string) => !/^kind:\s*assessment\s*$/m.test(fs.readFileSync(path.join(PROMPTS, file), 'utf8'));

function validPack(file: string): Pack {
  const result = readPackFile(file);
  if ('errors' in result) throw new Error(`expected ${file} to be valid:\n${result.errors.join('\n')}`);
  return result.pack;
}

function errorsOf(input: unknown): string[] {
  const result = parsePack(input);
  if (!('errors' in result)) throw new Error('expected the pack to be rejected');
  return result.errors;
}

/** A minimal valid pack with the given questions. */
const packWith = (questions: unknown[], extra: Record<string, unknown> = {}) => ({ id: 'test', title: 'Test', version: 1, questions, ...extra });

const temps: string[] = [];
function tempConfig(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-packs-'));
  temps.push(dir);
  fs.mkdirSync(path.join(dir, 'prompts'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'prompts', name), text);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('built-in packs', () => {
  it('include the five documented reflection packs, all valid, found from the source tree', () => {
    expect(builtInPromptsDir()).toBe(PROMPTS);
    expect(builtInFiles).toEqual(expect.arrayContaining(REFLECTION_FILES));
    const { packs, problems } = loadPacks(undefined, PROMPTS);
    expect(problems).toEqual([]);
    expect([...packs.keys()]).toEqual(expect.arrayContaining(['daily', 'post-session', 'pre-session', 'realms', 'weekly']));
    expect(packs.size).toBe(builtInFiles.length);
  });

  it.each(builtInFiles)('%s validates, its id matches the file name, and it has a title, when and version', (file) => {
    const pack = validPack(path.join(PROMPTS, file));
    expect(pack.id).toBe(file.replace(/\.yaml$/, ''));
    expect(pack.title.length).toBeGreaterThan(3);
    expect(pack.description.length).toBeGreaterThan(10);
    expect(pack.when.length).toBeGreaterThan(3);
    expect(Number.isInteger(pack.version) && pack.version >= 1).toBe(true);
    for (const q of pack.questions) {
      expect(QUESTION_TYPES).toContain(q.type);
      expect(q.prompt.trim().length, `${file} ${q.id}`).toBeGreaterThan(5);
    }
  });

  it.each(builtInFiles.filter((f) => f !== 'daily.yaml' && isReflection(f)))('%s has at least 6 questions', (file) => {
    expect(validPack(path.join(PROMPTS, file)).questions.length).toBeGreaterThanOrEqual(6);
  });

  it('daily records mood, anxiety, energy and sleep as metrics, practices, and one line', () => {
    const pack = validPack(path.join(PROMPTS, 'daily.yaml'));
    const metrics = pack.questions.filter((q) => q.metric).map((q) => q.metric);
    expect(metrics).toEqual(expect.arrayContaining(['mood', 'anxiety', 'energy', 'sleep']));
    expect(pack.questions.find((q) => q.metric === 'sleep')).toMatchObject({ type: 'number', unit: 'hours' });
    expect(pack.questions.some((q) => q.type === 'multiselect' && q.practices)).toBe(true);
    expect(pack.questions.some((q) => q.type === 'text')).toBe(true);
  });

  it('post-session turns what to carry forward into intentions, marks insights and things to discuss, and asks follow-ups only when needed', () => {
    const pack = validPack(path.join(PROMPTS, 'post-session.yaml'));
    expect(pack.questions.some((q) => q.type === 'intention')).toBe(true);
    expect(pack.questions.some((q) => q.insight)).toBe(true);
    expect(pack.questions.some((q) => q.discuss)).toBe(true);
    const followUp = pack.questions.find((q) => q.showIf);
    expect(followUp).toBeDefined();
    expect(pack.questions.find((q) => q.id === followUp!.showIf!.question)?.type).toBe('confirm');
    expect(pack.questions.some((q) => q.type === 'safety')).toBe(true);
  });

  it('weekly covers the realms, a big decision with a gentle pause, and practices', () => {
    const pack = validPack(path.join(PROMPTS, 'weekly.yaml'));
    const ids = pack.questions.map((q) => q.id);
    expect(ids).toEqual(expect.arrayContaining(['body', 'mind', 'emotions', 'relationships', 'spirit', 'balance']));
    const decision = pack.questions.find((q) => q.role === 'decision')!;
    expect(decision.showIf).toEqual({ question: 'big-decision', equals: true });
    expect(decision.prompt).toMatch(/therapist/);
    expect(pack.questions.some((q) => q.type === 'multiselect' && q.practices)).toBe(true);
  });

  it('pre-session offers an intention without requiring one', () => {
    const pack = validPack(path.join(PROMPTS, 'pre-session.yaml'));
    const intention = pack.questions.find((q) => q.id === 'intention')!;
    expect(intention.required).toBe(false);
    expect(intention.help).toMatch(/without one is fine/);
    expect(checkAnswerSet(pack, {}).errors).toEqual([]);
  });

  it('post-session: rest first, a flat session is normal, a pause on big decisions, a non-verbal question', () => {
    const pack = validPack(path.join(PROMPTS, 'post-session.yaml'));
    expect(pack.description).toMatch(/Rest comes first; stopping after one question is fine/);
    expect(pack.questions.find((q) => q.id === 'stands-out')!.help).toMatch(/felt flat or little seemed to happen, that is common and still worth noting/);
    expect(pack.questions.find((q) => q.type === 'intention')!.help).toMatch(/big changes to work, relationships or home are worth talking through with your therapist first/);
    const nonverbal = pack.questions.find((q) => q.id === 'nonverbal')!;
    expect(nonverbal.prompt).toMatch(/colour, shape, sound or image/);
    expect(nonverbal.help).toMatch(/drew, painted/);
  });

  it('daily: a connection metric on the 0-10 scale and a short body scan', () => {
    const pack = validPack(path.join(PROMPTS, 'daily.yaml'));
    expect(pack.questions.find((q) => q.id === 'connection')).toMatchObject({ type: 'scale', min: 0, max: 10, metric: 'connection' });
    expect(pack.questions.find((q) => q.id === 'body')).toMatchObject({ type: 'text' });
    const parts = reflectionParts(pack, { mood: 6, connection: 8, body: 'jaw tight' });
    expect(parts.metrics).toEqual({ mood: 6, connection: 8 });
  });

  it('weekly: community, and "not changed" and "relationships" are worth discussing', () => {
    const pack = validPack(path.join(PROMPTS, 'weekly.yaml'));
    expect(pack.questions.find((q) => q.id === 'community')!.prompt).toMatch(/circle, a friend, a group/);
    expect(pack.questions.find((q) => q.id === 'unchanged')!.discuss).toBe(true);
    expect(pack.questions.find((q) => q.id === 'relationships')!.discuss).toBe(true);
  });

  it.each(['week-after', 'month-after'])('%s: what stayed, what faded, body, relationships, the intention, and a safety question', (id) => {
    const pack = validPack(path.join(PROMPTS, `${id}.yaml`));
    expect(pack.id).toBe(id);
    const ids = pack.questions.map((q) => q.id);
    expect(ids).toEqual(expect.arrayContaining(['stayed', 'faded', 'body', 'relationships', 'intention-became']));
    expect(pack.questions.at(-1)!.type).toBe('safety');
    expect(pack.questions.filter((q) => q.required)).toEqual([]);
    // Stopping after the first question still saves: nothing is required.
    expect(checkAnswerSet(pack, { mood: 5 }).errors).toEqual([]);
  });

  it('month-after asks about work and play, what has not changed, the next session, and pauses big decisions', () => {
    const pack = validPack(path.join(PROMPTS, 'month-after.yaml'));
    expect(pack.questions.map((q) => q.id)).toEqual(expect.arrayContaining(['work-play', 'unchanged', 'next-session']));
    const detail = pack.questions.find((q) => q.role === 'decision')!;
    expect(detail.showIf).toEqual({ question: 'big-decision', equals: true });
    expect(visibleQuestions(pack, { 'big-decision': false }).map((q) => q.id)).not.toContain(detail.id);
    expect(visibleQuestions(pack, { 'big-decision': true }).map((q) => q.id)).toContain(detail.id);
  });
});

describe('a bad pack file', () => {
  it('reports every problem at once, each with the file, the question id and the field', () => {
    const file = fixture('broken.yaml');
    const result = readPackFile(file);
    expect('errors' in result).toBe(true);
    const errors = (result as { errors: string[] }).errors;
    for (const line of errors) expect(line.startsWith(`${file}: `)).toBe(true);
    const expected: [string, string, RegExp][] = [
      ['mood', 'max', /greater than min/],
      ['pick', 'choices', /required for select/],
      ['early', 'showIf', /refers to "late", which is not an earlier question/],
      ['ghost', 'showIf', /refers to "nowhere"/],
      ['mood', 'id', /"mood" is used twice/],
      ['odd', 'type', /expected one of/],
      ['extra', 'colour', /not a known field/],
    ];
    for (const [id, field, message] of expected) {
      const line = errors.find((e) => e.includes(`question "${id}" field "${field}": `));
      expect(line, `no error for question "${id}" field "${field}" in:\n${errors.join('\n')}`).toBeDefined();
      expect(line).toMatch(message);
    }
    expect(errors).toHaveLength(expected.length);
  });

  it('that is not YAML says so, with the file and line', () => {
    const file = fixture('not-yaml.yaml');
    const result = readPackFile(file);
    expect(result).toEqual({ errors: [expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid YAML \\(line \\d+\\): `))] });
  });

  it('that does not exist says it cannot be read', () => {
    expect(readPackFile(fixture('missing.yaml'))).toEqual({ errors: [`${fixture('missing.yaml')}: there is no such file`] });
  });

  it.each<[string, unknown, string]>([
    ['min >= max', packWith([{ id: 'q', type: 'scale', prompt: 'p', min: 5, max: 5 }]), 'question "q" field "max": must be greater than min'],
    ['a scale without min and max', packWith([{ id: 'q', type: 'scale', prompt: 'p' }]), 'question "q" field "min": is required for a scale'],
    ['a fractional scale', packWith([{ id: 'q', type: 'scale', prompt: 'p', min: 0, max: 2.5 }]), 'question "q" field "max": must be a whole number'],
    ['multiselect without choices', packWith([{ id: 'q', type: 'multiselect', prompt: 'p' }]), 'question "q" field "choices": is required for multiselect'],
    ['select with an empty choice list', packWith([{ id: 'q', type: 'select', prompt: 'p', choices: [] }]), 'question "q" field "choices": needs at least one choice'],
    ['choices on a text', packWith([{ id: 'q', type: 'text', prompt: 'p', choices: ['a'] }]), 'question "q" field "choices": only select and multiselect have choices'],
    ['a metric on a text', packWith([{ id: 'q', type: 'text', prompt: 'p', metric: 'mood' }]), 'question "q" field "metric": only scale and number questions can record a metric'],
    ['practices on a select', packWith([{ id: 'q', type: 'select', prompt: 'p', choices: ['a'], practices: true }]), 'question "q" field "practices": only multiselect questions can record practices'],
    ['showIf on itself', packWith([{ id: 'q', type: 'confirm', prompt: 'p', showIf: { question: 'q', equals: true } }]), 'question "q" field "showIf": refers to "q", which is not an earlier question'],
    ['an unknown showIf key', packWith([{ id: 'a', type: 'confirm', prompt: 'p' }, { id: 'q', type: 'text', prompt: 'p', showIf: { question: 'a', is: true } }]), 'question "q" field "showIf.is": is not a known field'],
    ['an empty prompt', packWith([{ id: 'q', type: 'text', prompt: '  ' }]), 'question "q" field "prompt": must not be empty'],
    ['an id with capitals', packWith([{ id: 'Mood', type: 'text', prompt: 'p' }]), 'question "Mood" field "id": use lowercase letters, digits and dashes, starting with a letter or digit'],
    ['a question without an id', packWith([{ type: 'text', prompt: 'p' }]), 'question #1 field "id": '],
    ['no questions', packWith([]), 'pack field "questions": needs at least one question'],
    ['an unknown pack field', packWith([{ id: 'q', type: 'text', prompt: 'p' }], { author: 'me' }), 'pack field "author": is not a known field'],
    ['a version that is not a positive whole number', packWith([{ id: 'q', type: 'text', prompt: 'p' }], { version: 0 }), 'pack field "version": '],
  ])('%s', (_name, input, expected) => {
    const errors = errorsOf(input);
    expect(errors.some((e) => e.startsWith(expected)), errors.join('\n')).toBe(true);
  });

  it('still reports a duplicate id and a forward showIf when another question has an unknown type', () => {
    const errors = errorsOf(packWith([
      { id: 'a', type: 'slider', prompt: 'p' },
      { id: 'b', type: 'text', prompt: 'p', showIf: { question: 'c', answered: true } },
      { id: 'c', type: 'confirm', prompt: 'p' },
      { id: 'c', type: 'text', prompt: 'p', min: 3, max: 1 },
    ]));
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^question "a" field "type": /),
      'question "b" field "showIf": refers to "c", which is not an earlier question',
      'question "c" field "id": "c" is used twice',
      'question "c" field "max": must be greater than min',
    ]));
    expect(errors).toHaveLength(4);
  });

  it('accepts choices as plain strings or value/label pairs and fills the defaults', () => {
    const result = parsePack(packWith([
      { id: 'q', type: 'select', prompt: 'p', choices: ['walk', { value: 'rest', label: 'Rest well' }, { value: 'read' }] },
    ]));
    expect('pack' in result).toBe(true);
    const q = (result as { pack: Pack }).pack.questions[0]!;
    expect(q.choices).toEqual([
      { value: 'walk', label: 'walk' }, { value: 'rest', label: 'Rest well' }, { value: 'read', label: 'read' },
    ]);
    expect(q).toMatchObject({ required: false, insight: false, discuss: false });
    expect((result as { pack: Pack }).pack).toMatchObject({ description: '', when: '' });
  });
});

describe('integrate prompts validate', () => {
  it('exits 2 and prints every problem of a bad file on stderr, each naming the file', async () => {
    const ctx = createTestCtx();
    const file = fixture('broken.yaml');
    const code = await main(['node', 'integrate', 'prompts', 'validate', file], ctx);
    expect(code).toBe(2);
    expect(ctx.io.stdout()).toBe('');
    const lines = ctx.io.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line.startsWith(`integrate: ${file}: question "`)).toBe(true);
    const text = ctx.io.stderr();
    for (const part of ['"mood" field "max"', '"pick" field "choices"', '"early" field "showIf"', '"ghost" field "showIf"', '"mood" field "id"', '"odd" field "type"', '"extra" field "colour"']) {
      expect(text).toContain(`question ${part}: `);
    }
    expect(lines.at(-1)).toMatch(/\(7 problems\)$/);
  });

  it('exits 2 for a file that is not YAML', async () => {
    const ctx = createTestCtx();
    const code = await main(['node', 'integrate', 'prompts', 'validate', fixture('not-yaml.yaml')], ctx);
    expect(code).toBe(2);
    expect(ctx.io.stderr()).toMatch(/^integrate: .*not-yaml\.yaml: not valid YAML/);
  });

  it('exits 0 for a good file and says what it holds', async () => {
    const ctx = createTestCtx();
    const code = await main(['node', 'integrate', 'prompts', 'validate', fixture('evening.yaml')], ctx);
    expect(code).toBe(0);
    expect(ctx.io.stderr()).toBe(`${fixture('evening.yaml')} is a valid pack: "Evening wind-down" (evening), 4 questions.\n`);
  });
});

describe('user packs in the config folder', () => {
  it('a broken user pack is skipped with a one-line warning; the built-in packs still work', async () => {
    const configDir = tempConfig({
      'broken.yaml': fs.readFileSync(fixture('broken.yaml'), 'utf8'),
      'evening.yaml': fs.readFileSync(fixture('evening.yaml'), 'utf8'),
    });
    const ctx = createTestCtx({ configDir });
    await runPromptsList({}, ctx);
    const ids = ctx.io.stdout().trimEnd().split('\n').map((l) => l.split(/\s+/)[0]);
    expect(ids).toEqual(expect.arrayContaining(['daily', 'evening', 'post-session', 'pre-session', 'realms', 'weekly']));
    expect(ids).not.toContain('broken');
    expect(ids).toHaveLength(builtInFiles.length + 1);
    expect(ctx.io.stdout()).toMatch(/evening\s+Evening wind-down\s+\(user; in the evening\)/);
    const warnings = ctx.io.stderr().split('\n').filter((l) => l.includes('broken.yaml'));
    expect(warnings).toEqual([
      `Skipped your prompt pack ${path.join(configDir, 'prompts', 'broken.yaml')} (7 problems; see integrate prompts validate ${path.join(configDir, 'prompts', 'broken.yaml')}).`,
    ]);

    // A journal from the built-in daily pack still runs and saves.
    const journal = createTestCtx({ configDir, store: ctx.testStore, stdin: '{"mood": 6}' });
    await runJournal('daily', { answers: '-' }, journal);
    expect(journal.io.stderr()).toMatch(/^Skipped your prompt pack .*broken\.yaml \(7 problems;.*\)\.\nSaved reflection [0-9a-f]{8} \(Daily check-in\)\.\n$/);
    expect(ctx.testStore.entries.list({ limit: 10 })).toMatchObject([{ pack: 'daily', metrics: { mood: 6 } }]);
  });

  it('a user pack that is not YAML is skipped too, and JSON listings stay clean', async () => {
    const configDir = tempConfig({ 'oops.yml': fs.readFileSync(fixture('not-yaml.yaml'), 'utf8') });
    const ctx = createTestCtx({ configDir });
    await runPromptsList({ json: true }, ctx);
    const list = JSON.parse(ctx.io.stdout()) as { id: string; source: string; questions: number }[];
    expect(list.map((p) => p.id)).toEqual(builtInFiles.map((f) => f.replace(/\.yaml$/, '')));
    expect(list.every((p) => p.source === 'built-in')).toBe(true);
    expect(ctx.io.stderr()).toBe('');
  });

  it('a user pack with the id of a built-in one overrides it', async () => {
    const configDir = tempConfig({ 'my-daily.yaml': fs.readFileSync(fixture('daily-override.yaml'), 'utf8') });
    const loaded = loadPacks(path.join(configDir, 'prompts'), PROMPTS);
    expect(requirePack(loaded, 'daily')).toMatchObject({ title: 'My own daily', version: 7 });
    expect(requirePack(loaded, 'daily').questions.map((q) => q.id)).toEqual(['mood', 'word']);
    expect(requirePack(loaded, 'weekly').title).toBe('Weekly review');

    const list = createTestCtx({ configDir });
    await runPromptsList({ json: true }, list);
    const listed = JSON.parse(list.io.stdout()) as { id: string; title: string; source: string }[];
    expect(listed.filter((p) => p.id === 'daily')).toEqual([expect.objectContaining({ title: 'My own daily', source: 'user' })]);
    expect(listed.find((p) => p.id === 'weekly')).toMatchObject({ source: 'built-in' });

    const ctx = createTestCtx({ configDir });
    await runPromptsShow('daily', {}, ctx);
    expect(ctx.io.stdout()).toContain('My own daily (daily v7, user)');
    expect(ctx.io.stdout()).toContain(' 1. Mood, in one number? [mood: scale, required, metric mood]');

    // journal daily uses the user's questions: "word" is known, the built-in "energy" is not.
    const ok = createTestCtx({ configDir, store: ctx.testStore, stdin: 'mood: 4\nword: tender\n' });
    await runJournal('daily', { answers: '-' }, ok);
    const [entry] = ctx.testStore.entries.list({ limit: 10 });
    expect(entry).toMatchObject({ pack: 'daily', metrics: { mood: 4 }, text: 'tender' });
    const version = ctx.testStore.db.prepare('SELECT pack_version AS v FROM entries WHERE id = ?').get(entry!.id) as { v: number };
    expect(version.v).toBe(7);

    const bad = createTestCtx({ configDir, store: ctx.testStore, stdin: '{"mood": 4, "energy": 5}' });
    await expect(runJournal('daily', { answers: '-' }, bad)).rejects.toThrow('unknown question "energy"');
  });

  it('an unknown pack id names the ones there are (the domain names no command; the command line adds where to look)', () => {
    const loaded = loadPacks(undefined, PROMPTS);
    let err: unknown;
    try {
      requirePack(loaded, 'evening');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnknownPack);
    expect(err).toMatchObject({ id: 'evening', available: expect.arrayContaining(['daily', 'post-session', 'weekly']), exitCode: 1 });
    expect((err as Error).message).toMatch(/^There is no prompt pack "evening"\. Available: daily, .*post-session, pre-session, realms, week-after, weekly.*\.$/);
    expect((err as Error).message).not.toContain('integrate');
    expect((cliWording(err) as Error).message).toMatch(/^There is no prompt pack "evening"\. Available: daily, .*weekly.* \(integrate prompts list\)\.$/);
    expect(requirePack(loaded, ' Daily ').id).toBe('daily');
  });
});
