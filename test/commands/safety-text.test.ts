// Every place a person writes is read for safety (issue 12, part 2): check-in
// notes, reflection answers, session notes, intentions, edits and imports.
// Risk: saved, resources once on stderr, a 'phrase' flag. Mention: saved, one
// pointer line, a 'mention' flag. Everyday words: nothing. Imports never show
// resources per row, only one line at the end.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheckin } from '../../src/commands/checkin.js';
import { runEdit } from '../../src/commands/edit.js';
import { runImport } from '../../src/commands/import.js';
import { runIntentionsAdd } from '../../src/commands/intentions.js';
import { runJournal } from '../../src/commands/journal.js';
import { runSessionAdd, runSessionEdit } from '../../src/commands/session.js';
import { askQuestion } from '../../src/packs/run.js';
import type { Prompter } from '../../src/prompter.js';
import { MENTION_POINTER } from '../../src/safety.js';
import { memoryIo } from '../../src/io.js';
import { tempDirs, testWorld } from '../helpers/world.js';

const DAY = '2026-11-21';
const RESOURCES = /findahelpline\.com/g;
const tempDir = tempDirs('integrate-safety-text-');

function world() {
  const w = testWorld({ env: { LANG: 'en_US.UTF-8' } });
  return { ...w, flags: () => w.store.safety.between('2000-01-01', '2100-01-01') };
}

/** What the person saw on stderr after saving: the resources (how often), the pointer (how often). */
function seen(stderr: string) {
  return { resources: stderr.match(RESOURCES)?.length ?? 0, pointer: stderr.split(MENTION_POINTER).length - 1 };
}

const CASES = [
  { label: 'risk', text: 'honestly i dont want to be here anymore', kind: 'phrase', resources: 1, pointer: 0 },
  { label: 'mention', text: 'I used to self-harm as a teenager; today was calm', kind: 'mention', resources: 0, pointer: 1 },
  { label: 'benign', text: 'this traffic is killing me, dead tired', kind: undefined, resources: 0, pointer: 0 },
] as const;

describe.each(CASES)('$label words', ({ text, kind, resources, pointer }) => {
  const expectFlag = (flags: { kind: string }[]) => expect(flags.map((f) => f.kind)).toEqual(kind ? [kind] : []);

  it('in a check-in note', async () => {
    const w = world();
    const ctx = w.ctx();
    await runCheckin({ mood: '5', note: text }, ctx);
    expect(w.entries()[0]!.text).toBe(text);
    expect(seen(ctx.io.stderr())).toEqual({ resources, pointer });
    expect(ctx.io.stderr().indexOf('Saved check-in')).toBe(0); // after saving, never before
    expectFlag(w.flags());
  });

  it('in a reflection answer', async () => {
    const w = world();
    const ctx = w.ctx();
    const file = path.join(tempDir(), 'answers.json');
    fs.writeFileSync(file, JSON.stringify({ mood: 6, 'stands-out': text }));
    await runJournal('post-session', { answers: file }, ctx);
    expect(seen(ctx.io.stderr())).toEqual({ resources, pointer });
    expectFlag(w.flags());
  });

  it('in session notes (session add), on the session itself', async () => {
    const w = world();
    const ctx = w.ctx();
    await runSessionAdd({ route: 'iv', date: 'today 09:00', note: text }, ctx);
    expect(seen(ctx.io.stderr())).toEqual({ resources, pointer });
    const flags = w.flags();
    expectFlag(flags);
    if (kind) expect(flags[0]).toMatchObject({ source: 'session', entryId: null, sessionId: w.store.sessions.list()[0]!.id, localDate: DAY });
  });

  it('in a session edit, only for the words that changed', async () => {
    const w = world();
    await runSessionAdd({ route: 'iv', date: 'today 09:00', intention: 'meet the grief' }, w.ctx());
    const ctx = w.ctx();
    await runSessionEdit('1', { note: text }, ctx);
    expect(seen(ctx.io.stderr())).toEqual({ resources, pointer });
    expectFlag(w.flags());
    const again = w.ctx();
    await runSessionEdit('1', { doseMg: '40' }, again);
    expect(seen(again.io.stderr())).toEqual({ resources: 0, pointer: 0 });
  });

  it('in an intention', async () => {
    const w = world();
    const ctx = w.ctx();
    await runIntentionsAdd(text, {}, ctx);
    expect(seen(ctx.io.stderr())).toEqual({ resources, pointer });
    const flags = w.flags();
    expectFlag(flags);
    if (kind) expect(flags[0]).toMatchObject({ source: 'intention', intentionId: w.store.intentions.all()[0]!.id, localDate: DAY });
  });

  it('in an edit of an entry', async () => {
    const w = world();
    await runCheckin({ mood: '6', note: 'a quiet day' }, w.ctx());
    const ctx = w.ctx();
    await runEdit(w.entries()[0]!.id.slice(0, 8), { note: text }, ctx);
    expect(w.entries()[0]!.text).toBe(text);
    expect(seen(ctx.io.stderr())).toEqual({ resources, pointer });
    expectFlag(w.flags());
  });
});

describe('a mention and risk in one run', () => {
  it('risk wins: the resources once, no pointer line as well', async () => {
    const w = world();
    const ctx = w.ctx();
    await runCheckin({ mood: '5', note: 'My uncle died by suicide. Tonight I want to die too.' }, ctx);
    expect(seen(ctx.io.stderr())).toEqual({ resources: 1, pointer: 0 });
    expect(w.flags().map((f) => f.kind)).toEqual(['phrase']);
  });

  it('a private entry keeps its flag, marked private (the summary shows the date and kind only)', async () => {
    const w = world();
    await runCheckin({ mood: '5', note: 'I want to die', private: true }, w.ctx());
    expect(w.flags()).toMatchObject([{ kind: 'phrase', private: true }]);
  });
});

describe('import', () => {
  function jrnlFile(bodies: string[]): string {
    const file = path.join(tempDir(), 'jrnl.json');
    fs.writeFileSync(file, JSON.stringify({
      tags: {},
      entries: bodies.map((body, i) => ({ title: `Day ${i + 1}.`, body, date: `2026-03-${String(i + 1).padStart(2, '0')}`, time: '20:00', tags: [], starred: false })),
    }));
    return file;
  }
  const bodies = ['Walked by the sea.', 'I keep thinking everyone would be better off without me', 'My grandmother died by suicide when I was ten.', 'Dying to see the film.'];

  it('flags each imported record, shows no resources, and says so in one line at the end', async () => {
    const w = world();
    const ctx = w.ctx();
    await runImport(jrnlFile(bodies), { from: 'jrnl' }, ctx);
    const err = ctx.io.stderr();
    expect(seen(err)).toEqual({ resources: 0, pointer: 0 });
    const lines = err.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('2 imported records mention self-harm or suicide and are flagged for your summary; if any of it is close right now, see integrate crisis.');
    expect(lines.filter((l) => /self-harm/.test(l))).toHaveLength(1);
    expect(w.flags().map((f) => [f.localDate, f.kind])).toEqual([['2026-03-02', 'phrase'], ['2026-03-03', 'mention']]);
  });

  it('--json keeps stdout to the report, with the counts, and the line on stderr', async () => {
    const w = world();
    const ctx = w.ctx();
    await runImport(jrnlFile(bodies), { from: 'jrnl', json: true }, ctx);
    expect(JSON.parse(ctx.io.stdout())).toMatchObject({ added: 4, safety: { risk: 1, mention: 1 } });
    expect(ctx.io.stderr()).toMatch(/^2 imported records mention self-harm or suicide/);
  });

  it('a dry run counts without flagging, and says "in this file"', async () => {
    const w = world();
    const ctx = w.ctx();
    await runImport(jrnlFile(bodies), { from: 'jrnl', dryRun: true }, ctx);
    expect(w.flags()).toEqual([]);
    expect(ctx.io.stderr()).toContain('2 records in this file mention self-harm or suicide;');
  });

  it('nothing to say when nothing is there', async () => {
    const w = world();
    const ctx = w.ctx();
    await runImport(jrnlFile(['Walked by the sea.']), { from: 'jrnl' }, ctx);
    expect(ctx.io.stderr()).not.toMatch(/self-harm/);
  });
});

describe('the safety question has no default', () => {
  const question = { id: 'safety', type: 'safety', prompt: 'Since then, have you had thoughts of hurting yourself?' } as const;
  function recordingPrompter(answer: boolean) {
    const calls: { message: string; default?: boolean }[] = [];
    const prompter = { confirm: async (o: { message: string; default?: boolean }) => { calls.push(o); return answer; } } as unknown as Prompter;
    return { prompter, calls };
  }

  it('asks without a default, so Enter alone records nothing', async () => {
    const { prompter, calls } = recordingPrompter(false);
    expect(await askQuestion(question as never, prompter, memoryIo({}))).toBe(false);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.default).toBeUndefined();
  });

  it('a resumed draft offers the answer already given', async () => {
    const { prompter, calls } = recordingPrompter(true);
    await askQuestion(question as never, prompter, memoryIo({}), true);
    expect(calls[0]!.default).toBe(true);
  });

  it('an ordinary yes/no question keeps its "no" default', async () => {
    const { prompter, calls } = recordingPrompter(false);
    await askQuestion({ ...question, id: 'c', type: 'confirm' } as never, prompter, memoryIo({}));
    expect(calls[0]!.default).toBe(false);
  });
});

describe('the post-session safety question', () => {
  it('says that dying or dissolving in the session itself is different; it asks about daily life since', () => {
    const yaml = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'prompts', 'post-session.yaml'), 'utf8');
    const block = yaml.slice(yaml.indexOf('- id: safety'));
    expect(block).toMatch(/help: .*dying, dissolving.*during the session itself is common and is something different.*daily life since/i);
  });
});
