import { describe, expect, it } from 'vitest';
import { stringWidth } from '../../src/render/text.js';
import { runCheckin, type CheckinOptions } from '../../src/commands/checkin.js';
import { runDelete } from '../../src/commands/delete.js';
import { runEdit } from '../../src/commands/edit.js';
import { runList } from '../../src/commands/list.js';
import { runShow } from '../../src/commands/show.js';
import { type TestCtxOptions } from '../../src/context.js';
import type { EntryJson } from '../../src/domain/json-shapes.js';
import { CancelledError, NotFoundError, UsageError } from '../../src/errors.js';
import { insertEntry, rejection, testWorld } from '../helpers/world.js';
import { main } from '../../src/main.js';

// The default test clock: Saturday 2026-11-21 10:00 UTC = 11:00 in Berlin.
const ENTRY_KEYS = ['id', 'createdAt', 'kind', 'pack', 'metrics', 'practices', 'tags', 'text', 'private', 'starred'];
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A fresh in-memory world; `ctx(...)` makes more contexts on the same database. */
function world() {
  const w = testWorld();
  return { ...w, all: w.entries };
}


const insert = insertEntry;

async function checkin(w: ReturnType<typeof world>, opts: CheckinOptions, ctxOpts: TestCtxOptions = {}) {
  const ctx = w.ctx(ctxOpts);
  await runCheckin(opts, ctx);
  return ctx;
}

describe('checkin with flags', () => {
  it('stores every value, normalised, and reports on stderr only', async () => {
    const w = world();
    const ctx = await checkin(w, {
      mood: '6', anxiety: '3', energy: '5', sleep: '7.5',
      practice: ['Meditation', 'yoga', 'meditation', 'Cold Plunge'],
      tag: ['#Work', 'family', 'work'],
      note: 'a calm day',
    });
    expect(ctx.io.stdout()).toBe('');
    const [entry] = w.all();
    expect(w.all()).toHaveLength(1);
    expect(ctx.io.stderr()).toBe(`Saved check-in ${entry!.id.slice(0, 8)} (mood 6 · anxiety 3 · energy 5 · sleep 7.5h).\n`);
    expect(entry).toMatchObject({
      kind: 'checkin',
      pack: null,
      createdAt: '2026-11-21T10:00:00.000Z',
      utcOffset: 60,
      localDate: '2026-11-21',
      metrics: { mood: 6, anxiety: 3, energy: 5, sleep: 7.5 },
      practices: ['cold-plunge', 'meditation', 'yoga'],
      tags: ['family', 'work'],
      text: 'a calm day',
      private: false,
      starred: false,
    });
    expect(entry!.id).toMatch(UUID_V4);
  });

  it('--json prints the stored entry in the documented shape', async () => {
    const w = world();
    const ctx = await checkin(w, { mood: '7', sleep: '6', tag: ['rest'], private: true, json: true });
    const json = JSON.parse(ctx.io.stdout()) as EntryJson;
    expect(Object.keys(json)).toEqual(ENTRY_KEYS);
    expect(json).toEqual({
      id: w.all()[0]!.id,
      createdAt: '2026-11-21T11:00:00+01:00',
      kind: 'checkin',
      pack: null,
      metrics: { mood: 7, sleep: 6 },
      practices: [],
      tags: ['rest'],
      text: '',
      private: true,
      starred: false,
    });
  });

  it('--date "yesterday 21:00" dates the entry on the previous local day', async () => {
    const w = world();
    const ctx = await checkin(w, { mood: '4', date: 'yesterday 21:00', json: true });
    expect((JSON.parse(ctx.io.stdout()) as EntryJson).createdAt).toBe('2026-11-20T21:00:00+01:00');
    expect(w.all()[0]!.localDate).toBe('2026-11-20');
  });

  it('an entry at 23:30 local time belongs to that local day', async () => {
    const w = world();
    await checkin(w, { mood: '4', date: '2026-11-20 23:30' });
    const [entry] = w.all();
    expect(entry!.createdAt).toBe('2026-11-20T22:30:00.000Z');
    expect(entry!.localDate).toBe('2026-11-20');
  });

  it.each([
    [{ mood: '11' }, '--mood'],
    [{ mood: '-1' }, '--mood'],
    [{ mood: 'good' }, '--mood'],
    [{ mood: '7.5' }, '--mood'],
    [{ anxiety: '12' }, '--anxiety'],
    [{ sleep: '25' }, '--sleep'],
    [{ mood: '6', sleep: '25' }, '--sleep'],
    [{ mood: '6', date: 'blorp' }, '--date'],
    [{ mood: '6', date: '2026-11-25' }, '--date'],
    [{ mood: '6', tag: ['  '] }, '--tag'],
  ] as [CheckinOptions, string][])('refuses %o naming %s, writing nothing', async (opts, flag) => {
    const w = world();
    const ctx = w.ctx();
    const err = await rejection(runCheckin(opts, ctx));
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect(err.message).toContain(flag);
    expect(w.all()).toHaveLength(0);
    expect(ctx.io.stdout()).toBe('');
  });

  it('--date alone is not a value', async () => {
    const w = world();
    const err = await rejection(runCheckin({ date: 'yesterday' }, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/Nothing to record/);
    expect(w.all()).toHaveLength(0);
  });
});

describe('checkin --daily', () => {
  it('is idempotent: running the same command twice leaves one check-in with the same values and note', async () => {
    const w = world();
    const opts: CheckinOptions = { daily: true, mood: '6', tag: ['cron'], note: 'automatic' };
    const first = await checkin(w, opts);
    const second = await checkin(w, opts);
    const all = w.all();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ metrics: { mood: 6 }, tags: ['cron'], text: 'automatic' });
    expect(first.io.stderr()).toMatch(/^Saved check-in/);
    expect(second.io.stderr()).toBe('Updated the check-in for 2026-11-21 (mood 6).\n');
  });

  it('merges new values into the day\'s check-in, later values winning, notes appended', async () => {
    const w = world();
    await checkin(w, { daily: true, mood: '4', sleep: '6', tag: ['morning'], note: 'tired' });
    const ctx = await checkin(w, { daily: true, mood: '7', anxiety: '2', tag: ['evening'], note: 'calmer', private: true, json: true }, { now: new Date('2026-11-21T19:00:00Z') });
    const all = w.all();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      metrics: { mood: 7, sleep: 6, anxiety: 2 },
      tags: ['evening', 'morning'],
      text: 'tired\n\ncalmer',
      private: true,
      createdAt: '2026-11-21T10:00:00.000Z',
    });
    expect((JSON.parse(ctx.io.stdout()) as EntryJson).id).toBe(all[0]!.id);
  });

  it('keeps one check-in per local day: another day gets its own', async () => {
    const w = world();
    await checkin(w, { daily: true, mood: '5' });
    await checkin(w, { daily: true, mood: '3', date: 'yesterday 20:00' });
    await checkin(w, { daily: true, mood: '4', date: 'yesterday 22:00' });
    const days = w.all().map((e) => [e.localDate, e.metrics.mood]);
    expect(days).toEqual([['2026-11-21', 5], ['2026-11-20', 4]]);
  });

  it('without --daily, a second run adds a second entry', async () => {
    const w = world();
    await checkin(w, { mood: '6' });
    await checkin(w, { mood: '6' });
    expect(w.all()).toHaveLength(2);
  });
});

describe('checkin note from stdin', () => {
  it('--note - reads the note from stdin, normalising line endings and trimming', async () => {
    const w = world();
    await checkin(w, { mood: '5', note: '-' }, { stdin: '\nSlept badly.\r\nCalmer after a walk.\r\n\n' });
    expect(w.all()[0]!.text).toBe('Slept badly.\nCalmer after a walk.');
  });

  it('a note from stdin on its own is enough', async () => {
    const w = world();
    await checkin(w, { note: '-' }, { stdin: 'only words today' });
    expect(w.all()[0]).toMatchObject({ text: 'only words today', metrics: {} });
  });

  it('an empty note from stdin with no other values is refused and nothing is written', async () => {
    const w = world();
    const ctx = w.ctx({ stdin: '  \n\t\n' });
    const err = await rejection(runCheckin({ note: '-' }, ctx));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('The note from stdin was empty');
    expect(err.message).toContain('--mood');
    expect(w.all()).toHaveLength(0);
  });

  it('an empty note from stdin alongside a value saves the value with no text', async () => {
    const w = world();
    await checkin(w, { mood: '5', note: '-' }, { stdin: '' });
    expect(w.all()[0]).toMatchObject({ text: '', metrics: { mood: 5 } });
  });

  it('a note given as an argument is kept as typed (trimmed)', async () => {
    const w = world();
    await checkin(w, { note: '  argv note  ' });
    expect(w.all()[0]!.text).toBe('argv note');
  });
});

describe('checkin interactively', () => {
  it('on a TTY with no flags asks mood, anxiety, energy, sleep, connection and a note, skipping blanks', async () => {
    const w = world();
    const ctx = await checkin(w, {}, { tty: true, answers: [6, 3, undefined, 7.5, undefined, '  felt okay  '] });
    expect(ctx.prompter.asked).toHaveLength(6);
    expect(ctx.prompter.asked[0]).toMatch(/^Mood \(0 = worst, 10 = best/);
    expect(ctx.prompter.asked[1]).toMatch(/^Anxiety \(0 = none, 10 = extreme/);
    expect(ctx.prompter.asked[2]).toMatch(/^Energy/);
    expect(ctx.prompter.asked[3]).toMatch(/^Sleep/);
    expect(ctx.prompter.asked[4]).toMatch(/^Connection \(0 = cut off, 10 = deeply connected/);
    expect(ctx.prompter.asked[5]).toMatch(/note/i);
    expect(w.all()[0]).toMatchObject({ metrics: { mood: 6, anxiety: 3, sleep: 7.5 }, text: 'felt okay' });
  });

  it('all questions skipped: nothing recorded', async () => {
    const w = world();
    const err = await rejection(runCheckin({}, w.ctx({ tty: true, answers: [undefined, undefined, undefined, undefined, undefined, ''] })));
    expect(err).toBeInstanceOf(UsageError);
    expect(w.all()).toHaveLength(0);
  });

  it('Ctrl-C during the questions cancels with nothing written', async () => {
    const w = world();
    const err = await rejection(runCheckin({}, w.ctx({ tty: true, answers: [6, new CancelledError()] })));
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as CancelledError).exitCode).toBe(130);
    expect(w.all()).toHaveLength(0);
  });

  it('with flags on a TTY it does not ask', async () => {
    const w = world();
    const ctx = await checkin(w, { mood: '6' }, { tty: true });
    expect(ctx.prompter.asked).toEqual([]);
  });

  it('without a TTY and without flags it fails, naming the flags to use, and asks nothing', async () => {
    const w = world();
    const ctx = w.ctx({ tty: false });
    const err = await rejection(runCheckin({}, ctx));
    expect(err).toBeInstanceOf(UsageError);
    for (const flag of ['--mood', '--anxiety', '--energy', '--sleep', '--note']) expect(err.message).toContain(flag);
    expect(ctx.prompter.asked).toEqual([]);
    expect(w.all()).toHaveLength(0);
  });
});

describe('list', () => {
  function seeded() {
    const w = world();
    const old = insert(w.store, { createdAt: '2026-11-10T08:00:00.000Z', localDate: '2026-11-10', metrics: { mood: 3 }, tags: ['work'] });
    const mid = insert(w.store, { createdAt: '2026-11-18T19:00:00.000Z', localDate: '2026-11-18', metrics: { mood: 5 }, tags: ['family'] });
    const journal = insert(w.store, { createdAt: '2026-11-19T20:00:00.000Z', localDate: '2026-11-19', kind: 'journal', pack: 'after-session', text: 'what came up' });
    const recent = insert(w.store, {
      createdAt: '2026-11-21T07:00:00.000Z', localDate: '2026-11-21', metrics: { mood: 7, sleep: 7.5 }, tags: ['work'],
      text: 'A long note that goes on and on about the day, the walk by the river, and the conversation afterwards.',
    });
    return { w, old, mid, journal, recent };
  }

  async function listJson(w: ReturnType<typeof world>, opts: Parameters<typeof runList>[0]) {
    const ctx = w.ctx();
    await runList({ ...opts, json: true }, ctx);
    return (JSON.parse(ctx.io.stdout()) as EntryJson[]).map((e) => e.id);
  }

  it('--json prints an array of entries, newest first, in the documented shape', async () => {
    const { w, old, mid, journal, recent } = seeded();
    const ctx = w.ctx();
    await runList({ json: true }, ctx);
    const list = JSON.parse(ctx.io.stdout()) as EntryJson[];
    expect(list.map((e) => e.id)).toEqual([recent.id, journal.id, mid.id, old.id]);
    for (const e of list) expect(Object.keys(e)).toEqual(ENTRY_KEYS);
    expect(list[0]).toMatchObject({ createdAt: '2026-11-21T08:00:00+01:00', metrics: { mood: 7, sleep: 7.5 }, tags: ['work'] });
    expect(list[1]).toMatchObject({ kind: 'journal', pack: 'after-session' });
    expect(ctx.io.stderr()).toBe('');
  });

  it('--tag filters (normalised like checkin tags)', async () => {
    const { w, old, recent } = seeded();
    expect(await listJson(w, { tag: '#Work' })).toEqual([recent.id, old.id]);
  });

  it('--kind filters', async () => {
    const { w, journal, old, mid, recent } = seeded();
    expect(await listJson(w, { kind: 'journal' })).toEqual([journal.id]);
    expect(await listJson(w, { kind: 'Checkin' })).toEqual([recent.id, mid.id, old.id]);
    // Written as people write it.
    expect(await listJson(w, { kind: 'check-in' })).toEqual([recent.id, mid.id, old.id]);
    expect(await listJson(w, { kind: 'assessment' })).toEqual([]);
  });

  it('an unknown --kind names the kinds there are, instead of "No entries match"', async () => {
    const { w } = seeded();
    const err = await rejection(runList({ kind: 'mood' }, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('--kind must be one of checkin, journal, assessment; got "mood".');
  });

  it('--days N covers today and the N-1 local days before it', async () => {
    const { w, mid, journal, recent } = seeded();
    expect(await listJson(w, { days: '1' })).toEqual([recent.id]);
    expect(await listJson(w, { days: '4' })).toEqual([recent.id, journal.id, mid.id]);
    expect(await listJson(w, { days: '3' })).toEqual([recent.id, journal.id]);
  });

  it('--since and --until cover whole local days', async () => {
    const { w, mid, journal } = seeded();
    expect(await listJson(w, { since: '2026-11-18', until: '2026-11-19' })).toEqual([journal.id, mid.id]);
  });

  it('--limit caps the count; the default is 20', async () => {
    const { w, recent, journal } = seeded();
    expect(await listJson(w, { limit: '2' })).toEqual([recent.id, journal.id]);
    for (let i = 0; i < 25; i++) insert(w.store, { createdAt: `2026-10-${String(i + 1).padStart(2, '0')}T10:00:00.000Z` });
    expect(await listJson(w, {})).toHaveLength(20);
  });

  it('refuses bad filter values', async () => {
    const { w } = seeded();
    for (const opts of [{ limit: '0' }, { limit: 'all' }, { days: '-2' }, { since: 'whenever' }, { days: '2', since: '2026-11-01' }]) {
      expect(await rejection(runList(opts, w.ctx())), JSON.stringify(opts)).toBeInstanceOf(UsageError);
    }
  });

  it('human output: one line per entry with short id, local time, kind, metrics and the first words, fitting the width', async () => {
    const { w, recent, journal } = seeded();
    const ctx = w.ctx({ columns: 70 });
    await runList({}, ctx);
    const lines = ctx.io.stdout().split('\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(70);
    expect(lines[0]).toMatch(new RegExp(`^${recent.id.slice(0, 8)}  2026-11-21 08:00  checkin  mood 7 sleep 7\\.5h  A long note`));
    expect(lines[0]).toMatch(/…$/);
    expect(lines[1]).toContain(journal.id.slice(0, 8));
    expect(lines[1]).toContain('journal:after-session');
    expect(lines[1]).toContain('what came up');
    expect(ctx.io.stdout()).not.toContain('\u001b');
  });

  it('human output on a wide terminal shows the whole note', async () => {
    const { w } = seeded();
    const ctx = w.ctx({ columns: 200 });
    await runList({ limit: '1' }, ctx);
    expect(ctx.io.stdout()).toContain('and the conversation afterwards.\n');
  });

  it('human output with wide characters still fits', async () => {
    const w = world();
    insert(w.store, { metrics: { mood: 5 }, text: '今日はとても穏やかな一日でした。散歩をして、友達と話しました。🙂🙂🙂🙂' });
    const ctx = w.ctx({ columns: 60 });
    await runList({}, ctx);
    const [line] = ctx.io.stdout().split('\n');
    expect(stringWidth(line!)).toBeLessThanOrEqual(60);
    expect(stringWidth(line!)).toBeGreaterThanOrEqual(58);
    expect(line).toContain('今日は');
  });

  it('prints terminal escapes in notes harmlessly', async () => {
    const w = world();
    insert(w.store, { metrics: { mood: 5 }, text: 'safe \u001b]0;pwned\u0007 \u001b[2J text \u202Eevil' });
    const ctx = w.ctx({ columns: 120 });
    await runList({}, ctx);
    const out = ctx.io.stdout();
    expect(out).toContain('safe');
    expect(out).toContain('text');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).not.toContain('pwned');
  });

  it('says so on stderr when there is nothing to list', async () => {
    const empty = world().ctx();
    await runList({}, empty);
    expect(empty.io.stdout()).toBe('');
    expect(empty.io.stderr()).toMatch(/No entries yet.*integrate checkin/);
    const { w } = seeded();
    const filtered = w.ctx();
    await runList({ tag: 'nothing-like-this' }, filtered);
    expect(filtered.io.stdout()).toBe('');
    expect(filtered.io.stderr()).toBe('No entries match these filters.\n');
  });

  it('--json with nothing to list prints an empty array', async () => {
    const ctx = world().ctx();
    await runList({ json: true }, ctx);
    expect(JSON.parse(ctx.io.stdout())).toEqual([]);
  });
});

describe('show', () => {
  function seeded() {
    const w = world();
    const a = insert(w.store, { id: 'abcd1111-0000-4000-8000-000000000001', metrics: { mood: 6, sleep: 7.5 }, practices: ['yoga'], tags: ['rest'], text: 'first' });
    const b = insert(w.store, { id: 'abcd2222-0000-4000-8000-000000000002', text: 'second' });
    const c = insert(w.store, {
      id: 'beef0000-0000-4000-8000-000000000003', metrics: { anxiety: 2 }, starred: true, private: true,
      text: 'line one\nline two \u001b]0;pwned\u0007\u001b[2J end',
    });
    return { w, a, b, c };
  }

  it('finds an entry by a unique prefix (any case) and shows it in full', async () => {
    const { w, a } = seeded();
    const ctx = w.ctx();
    await runShow('ABCD1', {}, ctx);
    const out = ctx.io.stdout();
    expect(out).toMatch(new RegExp(`^Id\\s+${a.id}$`, 'm'));
    expect(out).toMatch(/^When\s+2026-11-20 10:00 \(UTC\+01:00\)$/m);
    expect(out).toMatch(/^Mood\s+6 \/ 10$/m);
    expect(out).toMatch(/^Sleep\s+7\.5h$/m);
    expect(out).toMatch(/^Practices\s+yoga$/m);
    expect(out).toMatch(/^Tags\s+rest$/m);
    expect(out).toContain('\nfirst\n');
  });

  it('accepts the full id', async () => {
    const { w, b } = seeded();
    const ctx = w.ctx();
    await runShow(b.id, { json: true }, ctx);
    expect((JSON.parse(ctx.io.stdout()) as EntryJson).text).toBe('second');
  });

  it('--json prints the documented shape', async () => {
    const { w, c } = seeded();
    const ctx = w.ctx();
    await runShow('beef', { json: true }, ctx);
    const json = JSON.parse(ctx.io.stdout()) as EntryJson;
    expect(Object.keys(json)).toEqual(ENTRY_KEYS);
    expect(json).toMatchObject({ id: c.id, private: true, starred: true, metrics: { anxiety: 2 }, text: c.text });
  });

  it('keeps line breaks of the note and strips terminal escapes', async () => {
    const { w } = seeded();
    const ctx = w.ctx();
    await runShow('beef', {}, ctx);
    const out = ctx.io.stdout();
    expect(out).toContain('line one\nline two');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(out).toMatch(/^Marked\s+starred, private/m);
  });

  it('an ambiguous prefix is a usage error asking for more characters', async () => {
    const { w } = seeded();
    const err = await rejection(runShow('abcd', {}, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/abcd matches more than one entry/);
  });

  it('an unknown prefix is "not found" (exit 1)', async () => {
    const { w } = seeded();
    const err = await rejection(runShow('ffff', {}, w.ctx()));
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).exitCode).toBe(1);
    expect(err.message).toContain('ffff');
  });

  it('something that cannot be an id (too short, not hex) is a usage error, sanitised', async () => {
    const { w } = seeded();
    expect(await rejection(runShow('abc', {}, w.ctx()))).toBeInstanceOf(UsageError);
    const err = await rejection(runShow('zz\u001b[2J%', {}, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).not.toContain('\u001b');
  });
});

describe('edit', () => {
  function seeded() {
    const w = world();
    const e = insert(w.store, { id: 'cafe0000-0000-4000-8000-000000000001', metrics: { mood: 4, sleep: 6 }, tags: ['keep', 'old'], text: 'original' });
    return { w, e, get: () => w.store.entries.get(e.id)! };
  }

  it('--add-tag and --remove-tag change tags, normalised, keeping the rest', async () => {
    const { w, get } = seeded();
    const ctx = w.ctx();
    await runEdit('cafe', { addTag: ['#New', 'keep'], removeTag: ['OLD'] }, ctx);
    expect(get().tags).toEqual(['keep', 'new']);
    expect(get().text).toBe('original');
    expect(ctx.io.stderr()).toBe('Updated entry cafe0000.\n');
    expect(ctx.io.stdout()).toBe('');
  });

  it('--star and --unstar', async () => {
    const { w, get } = seeded();
    await runEdit('cafe', { star: true }, w.ctx());
    expect(get().starred).toBe(true);
    await runEdit('cafe', { unstar: true }, w.ctx());
    expect(get().starred).toBe(false);
  });

  it('--private and --public', async () => {
    const { w, get } = seeded();
    await runEdit('cafe', { private: true }, w.ctx());
    expect(get().private).toBe(true);
    await runEdit('cafe', { public: true }, w.ctx());
    expect(get().private).toBe(false);
  });

  it('--private with --public is a conflict: one line, exit 2, nothing changes', async () => {
    const { w, e, get } = seeded();
    const ctx = w.ctx();
    expect(await main(['node', 'integrate', 'edit', 'cafe', '--private', '--public', '--mood', '9'], ctx)).toBe(2);
    expect(ctx.io.stderr()).toBe("integrate: option '--private' cannot be used with option '--public'. See integrate edit --help.\n");
    expect(get()).toEqual(e);
  });

  it('--star with --unstar is a conflict', async () => {
    const { w } = seeded();
    const ctx = w.ctx();
    expect(await main(['node', 'integrate', 'edit', 'cafe', '--star', '--unstar'], ctx)).toBe(2);
    expect(ctx.io.stderr()).toBe("integrate: option '--star' cannot be used with option '--unstar'. See integrate edit --help.\n");
  });

  it('value flags replace those values only, and --json prints the result', async () => {
    const { w, get } = seeded();
    const ctx = w.ctx();
    await runEdit('cafe', { mood: '8', anxiety: '1', json: true }, ctx);
    expect(get().metrics).toEqual({ mood: 8, anxiety: 1, sleep: 6 });
    const json = JSON.parse(ctx.io.stdout()) as EntryJson;
    expect(Object.keys(json)).toEqual(ENTRY_KEYS);
    expect(json.metrics).toEqual({ mood: 8, anxiety: 1, sleep: 6 });
  });

  it('validates like checkin, and a bad value changes nothing', async () => {
    const { w, e, get } = seeded();
    for (const opts of [{ mood: '11' }, { sleep: '25' }, { mood: 'good' }, { date: 'not a date' }, { addTag: [''] }]) {
      expect(await rejection(runEdit('cafe', opts, w.ctx())), JSON.stringify(opts)).toBeInstanceOf(UsageError);
    }
    expect(get()).toEqual(e);
  });

  it('--note - replaces the text from stdin; --tag replaces all tags', async () => {
    const { w, get } = seeded();
    await runEdit('cafe', { note: '-', tag: ['Fresh'] }, w.ctx({ stdin: 'rewritten\r\n' }));
    expect(get().text).toBe('rewritten');
    expect(get().tags).toEqual(['fresh']);
  });

  it('--date moves the entry to another local day', async () => {
    const { w, get } = seeded();
    await runEdit('cafe', { date: '2026-11-15 23:30' }, w.ctx());
    expect(get().createdAt).toBe('2026-11-15T22:30:00.000Z');
    expect(get().localDate).toBe('2026-11-15');
  });

  it('without flags and without a TTY it refuses, naming flags', async () => {
    const { w, e, get } = seeded();
    const err = await rejection(runEdit('cafe', {}, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('--mood');
    expect(err.message).toContain('--note -');
    expect(get()).toEqual(e);
  });

  it('an unknown id is not found', async () => {
    const { w } = seeded();
    expect(await rejection(runEdit('dead', { star: true }, w.ctx()))).toBeInstanceOf(NotFoundError);
  });
});

describe('delete', () => {
  function seeded() {
    const w = world();
    const e = insert(w.store, { id: 'f00d0000-0000-4000-8000-000000000001', metrics: { mood: 2 }, text: 'to delete?' });
    return { w, e, exists: () => w.store.entries.get(e.id) !== undefined };
  }

  it('without a TTY and without --yes refuses, keeping the entry, and asks nothing', async () => {
    const { w, exists } = seeded();
    const ctx = w.ctx();
    const err = await rejection(runDelete('f00d', {}, ctx));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('--yes');
    expect(exists()).toBe(true);
    expect(ctx.prompter.asked).toEqual([]);
  });

  it('on a TTY, answering no cancels (exit 130) and keeps the entry', async () => {
    const { w, exists } = seeded();
    const ctx = w.ctx({ tty: true, answers: [false] });
    const err = await rejection(runDelete('f00d', {}, ctx));
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as CancelledError).exitCode).toBe(130);
    expect(exists()).toBe(true);
    expect(ctx.prompter.asked).toHaveLength(1);
    expect(ctx.prompter.asked[0]).toMatch(/Delete this entry/);
    expect(ctx.io.stderr()).toContain('f00d0000');
    expect(ctx.io.stderr()).toContain('to delete?');
  });

  it('on a TTY, answering yes deletes it', async () => {
    const { w, exists } = seeded();
    const ctx = w.ctx({ tty: true, answers: [true] });
    await runDelete('f00d', {}, ctx);
    expect(exists()).toBe(false);
    expect(ctx.io.stderr()).toMatch(/Deleted entry f00d0000\.\n$/);
  });

  it('--yes deletes without asking, also without a TTY', async () => {
    const { w, exists } = seeded();
    const ctx = w.ctx();
    await runDelete('f00d0000', { yes: true }, ctx);
    expect(exists()).toBe(false);
    expect(ctx.prompter.asked).toEqual([]);
    expect(ctx.io.stdout()).toBe('');
  });

  it('an unknown id is not found and nothing is deleted', async () => {
    const { w, exists } = seeded();
    expect(await rejection(runDelete('0123', { yes: true }, w.ctx()))).toBeInstanceOf(NotFoundError);
    expect(exists()).toBe(true);
  });
});
