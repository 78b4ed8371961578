// Issue 15, items 5, 8, 9, 10, 12 (importers) and 16: what leaves the journal
// in an export, which values and dates are kept, how imports meet what is
// stored, and "-" for stdin on every free-text flag. Commands with a fake ctx.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { runCheckin } from '../../src/commands/checkin.js';
import { runExport, type ExportOptions } from '../../src/commands/export.js';
import { runImport, type ImportOptions } from '../../src/commands/import.js';
import { runIntentionsAdd } from '../../src/commands/intentions.js';
import { runMood } from '../../src/commands/mood.js';
import { runPromptsValidate } from '../../src/commands/prompts.js';
import { runSessionAdd, runSessionEdit } from '../../src/commands/session.js';
import { UsageError } from '../../src/errors.js';
import { loadPacks } from '../../src/packs/load.js';
import { LATEST_VERSION, migrate } from '../../src/store/migrations/index.js';
import { insertEntry, rejection, tempDirs, testWorld } from '../helpers/world.js';
import { main } from '../../src/main.js';

const NOW = new Date('2026-11-21T10:00:00Z');
const world = () => testWorld({ now: NOW });
type World = ReturnType<typeof world>;
const tmpDir = tempDirs('integrate-p15-');
const file = (name: string, content: string | Buffer) => {
  const at = path.join(tmpDir(), name);
  fs.writeFileSync(at, content);
  return at;
};

interface Doc { entries: { text: string; private: boolean }[]; sessions: { id: string; private: boolean; notes: string }[]; intentions: { text: string }[] }

async function exported(w: World, opts: ExportOptions) {
  const ctx = w.ctx();
  await runExport(opts, ctx);
  return { out: ctx.io.stdout(), err: ctx.io.stderr() };
}

/** A work entry with an intention, a private entry with an intention, a shared and a private session, a standalone intention. */
function seed(w: World) {
  const work = insertEntry(w.store, { text: 'work thing', tags: ['work'], createdAt: '2026-11-10T09:00:00.000Z', localDate: '2026-11-10' });
  const secret = insertEntry(w.store, { text: 'only for me', tags: ['work'], private: true, createdAt: '2026-11-11T09:00:00.000Z', localDate: '2026-11-11' });
  const other = insertEntry(w.store, { text: 'family thing', tags: ['family'], createdAt: '2026-11-12T09:00:00.000Z', localDate: '2026-11-12' });
  const intention = (text: string, source: string | null, at: string) => w.store.intentions.insert({
    id: crypto.randomUUID(), text, createdAt: at, utcOffset: 60, sourceEntryId: source, status: 'open', dueDate: null, closedAt: null,
  });
  intention('from work', work.id, '2026-11-10T09:00:00.000Z');
  intention('from the secret', secret.id, '2026-11-11T09:00:00.000Z');
  intention('from family', other.id, '2026-11-12T09:00:00.000Z');
  intention('on its own', null, '2026-11-13T09:00:00.000Z');
  const session = (notes: string, at: string, priv: boolean) => w.store.sessions.insert({
    id: crypto.randomUUID(), occurredAt: at, utcOffset: 60, localDate: at.slice(0, 10), route: 'iv', doseMg: null,
    setting: '', guide: '', intention: '', notes, private: priv,
  }, at);
  session('shared session', '2026-11-05T09:00:00.000Z', false);
  session('private session', '2026-11-15T09:00:00.000Z', true);
}

describe('5. one privacy rule for exports', () => {
  it('csv and md leave private entries out unless --include-private; the note says when they are in', async () => {
    const w = world();
    seed(w);
    for (const format of ['csv', 'md']) {
      const shared = await exported(w, { format });
      expect(shared.out).not.toContain('only for me');
      expect(shared.out).toContain('work thing');
      expect(shared.err).toBe('');
      const all = await exported(w, { format, includePrivate: true });
      expect(all.out).toContain('only for me');
      expect(all.err).toBe('Note: this export includes 1 private entry (--include-private).\n');
    }
  });

  it('json is the complete copy: private entries and sessions are in, and stderr says so', async () => {
    const w = world();
    seed(w);
    const { out, err } = await exported(w, { format: 'json' });
    const doc = JSON.parse(out) as Doc;
    expect(doc.entries.map((e) => e.text)).toContain('only for me');
    expect(doc.sessions.map((s) => [s.notes, s.private])).toEqual([['shared session', false], ['private session', true]]);
    expect(doc.intentions).toHaveLength(4);
    expect(err).toBe('Note: this export includes 1 private entry and 1 private session; json is the complete copy: add --exclude-private before sharing it.\n');
  });

  it('--tag work --exclude-private brings no session and only the intentions of the entries exported', async () => {
    const w = world();
    seed(w);
    const { out, err } = await exported(w, { format: 'json', tag: 'work', excludePrivate: true });
    const doc = JSON.parse(out) as Doc;
    expect(doc.entries.map((e) => e.text)).toEqual(['work thing']);
    expect(doc.sessions).toEqual([]);
    expect(doc.intentions.map((i) => i.text)).toEqual(['from work']);
    expect(err).toBe('');
  });

  it('dates filter sessions and intentions; --exclude-private leaves private sessions and intentions from private entries out', async () => {
    const w = world();
    seed(w);
    const ranged = JSON.parse((await exported(w, { format: 'json', since: '2026-11-11', until: '2026-11-30' })).out) as Doc;
    expect(ranged.sessions.map((s) => s.notes)).toEqual(['private session']);
    expect(ranged.intentions.map((i) => i.text)).toEqual(['from the secret', 'from family', 'on its own']);
    const shared = JSON.parse((await exported(w, { format: 'json', excludePrivate: true })).out) as Doc;
    expect(shared.sessions.map((s) => s.notes)).toEqual(['shared session']);
    expect(shared.intentions.map((i) => i.text)).toEqual(['from work', 'from family', 'on its own']);
    expect(JSON.stringify(shared)).not.toMatch(/only for me|private session|from the secret/);
  });

  it('refuses --include-private with --exclude-private: one line, exit 2, nothing written', async () => {
    const ctx = world().ctx();
    expect(await main(['node', 'integrate', 'export', '--format', 'csv', '--include-private', '--exclude-private'], ctx)).toBe(2);
    expect(ctx.io.stderr()).toBe("integrate: option '--exclude-private' cannot be used with option '--include-private'. See integrate export --help.\n");
    expect(ctx.io.stdout()).toBe('');
  });

  it('session add --private marks a session; edit --public clears it; show says so', async () => {
    const w = world();
    await runSessionAdd({ route: 'iv', date: '2026-11-20 10:00', private: true }, w.ctx());
    const [s] = w.store.sessions.list();
    expect(s!.private).toBe(true);
    const show = w.ctx();
    const { runSessionShow } = await import('../../src/commands/session.js');
    await runSessionShow('1', {}, show);
    expect(show.io.stdout()).toMatch(/Private\s+yes/);
    await runSessionEdit('1', { public: true }, w.ctx());
    expect(w.store.sessions.list()[0]!.private).toBe(false);
    const both = w.ctx();
    expect(await main(['node', 'integrate', 'session', 'edit', '1', '--public', '--private'], both)).toBe(2);
    expect(both.io.stderr()).toBe("integrate: option '--private' cannot be used with option '--public'. See integrate session edit --help.\n");
    expect(w.store.sessions.list()[0]!.private).toBe(false);
  });

  it('a private session round-trips through the json export', async () => {
    const a = world();
    await runSessionAdd({ route: 'im', date: '2026-11-20 10:00', private: true, note: 'kept' }, a.ctx());
    const src = file('all.json', (await exported(a, { format: 'json' })).out);
    const b = world();
    await runImport(src, {}, b.ctx());
    expect(b.store.sessions.list()[0]).toMatchObject({ private: true, notes: 'kept' });
  });
});

describe('5. migration 010: private sessions', () => {
  it('from an empty database: sessions.private defaults to 0 and accepts only 0 or 1', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(LATEST_VERSION);
    const cols = db.prepare(`SELECT name, dflt_value, "notnull" FROM pragma_table_info('sessions') WHERE name = 'private'`).all();
    expect(cols).toEqual([{ name: 'private', dflt_value: '0', notnull: 1 }]);
    expect(() => db.prepare(`INSERT INTO sessions (id, occurred_at, utc_offset, local_date, route, created_at, private) VALUES ('a', 'x', 0, 'd', 'iv', 'x', 2)`).run()).toThrow(/CHECK/);
    db.close();
  });

  it('from version 7 with sessions: they stay, not private', () => {
    const db = new Database(':memory:');
    migrate(db, 7);
    db.prepare(`INSERT INTO sessions (id, occurred_at, utc_offset, local_date, route, notes, created_at) VALUES ('s1', '2026-01-01T10:00:00.000Z', 60, '2026-01-01', 'iv', 'old notes', '2026-01-01T10:00:00.000Z')`).run();
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT id, notes, private FROM sessions').all()).toEqual([{ id: 's1', notes: 'old notes', private: 0 }]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

const integrateDoc = (entries: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'integrate', version: 1, exportedAt: '2026-11-21T10:00:00.000Z', entries, sessions: [], intentions: [], ...extra });
const entryJson = (over: Record<string, unknown> = {}) => ({
  id: 'aaaaaaaa-0000-4000-8000-000000000001', createdAt: '2026-11-20T10:00:00+01:00', kind: 'checkin', pack: null,
  metrics: { mood: 6 }, practices: [], tags: [], text: 'hello', private: false, starred: false, ...over,
});

async function importFails(w: World, name: string, content: string | Buffer, opts: ImportOptions = {}) {
  const before = w.entries().length;
  const err = await rejection(runImport(file(name, content), opts, w.ctx()));
  expect(err).toBeInstanceOf(UsageError);
  expect(w.entries()).toHaveLength(before);
  return err.message;
}

describe('8. built-in metrics keep their ranges', () => {
  it.each([[11], [-1], [1e6], [5.5]])('an integrate import with mood %s is refused naming the record', async (mood) => {
    const message = await importFails(world(), 'm.json', integrateDoc([entryJson(), entryJson({ id: 'aaaaaaaa-0000-4000-8000-000000000002', metrics: { mood } })]));
    expect(message).toMatch(new RegExp(`^entry 2: field "metrics.mood": mood ${String(mood).replace('.', '\\.')} (is outside its range 0–10|must be a whole number)`));
  });

  it('prompts validate refuses a pack that widens mood, naming the question and field', async () => {
    const pack = file('wide.yaml', 'id: wide\ntitle: Wide\nversion: 1\nquestions:\n  - id: m\n    type: scale\n    prompt: Mood?\n    min: 0\n    max: 100\n    metric: mood\n');
    const ctx = world().ctx();
    const err = await rejection(runPromptsValidate(pack, ctx));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('question "m" field "max": the built-in metric mood goes from 0–10; a pack cannot widen it');
  });

  it('a user pack cannot widen a metric a built-in pack records (balance), nor name a score after a core metric', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'mine.yaml'), 'id: mine\ntitle: Mine\nversion: 1\nquestions:\n  - id: b\n    type: scale\n    prompt: Balance?\n    min: 0\n    max: 100\n    metric: balance\n');
    fs.writeFileSync(path.join(dir, 'score.yaml'), 'id: score\nkind: assessment\ntitle: S\nversion: 1\nscoring: { metric: mood, higherIsBetter: true, bands: [{ min: 0, max: 3, label: x }] }\nquestions:\n  - { id: q, type: scale, prompt: Q?, min: 0, max: 3 }\n');
    fs.writeFileSync(path.join(dir, 'fine.yaml'), 'id: fine\ntitle: Fine\nversion: 1\nquestions:\n  - { id: m, type: scale, prompt: Mood?, min: 1, max: 5, metric: mood }\n');
    const loaded = loadPacks(dir);
    expect(loaded.packs.has('fine')).toBe(true);
    expect(loaded.packs.has('mine')).toBe(false);
    expect(loaded.packs.has('score')).toBe(false);
    const errors = loaded.problems.flatMap((p) => p.errors).join('\n');
    expect(errors).toContain('question "b" field "max": the metric balance (set by the built-in pack ');
    expect(errors).toContain('pack field "scoring.metric": mood is already a metric');
  });

  it('integrate mood still draws a database that holds mood 30, and says where it put it', async () => {
    const w = world();
    insertEntry(w.store, { metrics: { mood: 30 }, createdAt: '2026-11-19T09:00:00.000Z', localDate: '2026-11-19' });
    insertEntry(w.store, { metrics: { mood: -4 }, createdAt: '2026-11-20T09:00:00.000Z', localDate: '2026-11-20' });
    insertEntry(w.store, { metrics: { sleep: 1e6 }, createdAt: '2026-11-20T09:00:00.000Z', localDate: '2026-11-20' });
    const ctx = w.ctx({ columns: 80 });
    await runMood({ metric: 'mood,sleep', days: '7' }, ctx);
    expect(ctx.io.stdout()).toMatch(/2 days\s+outside\s+0–10\s+drawn\s+at\s+the\s+edge/);
    expect(ctx.io.stdout()).toMatch(/Sleep[^]*1 day\s+outside\s+20h–24h\s+drawn\s+at\s+the\s+edge/);
  });
});

describe('9. impossible dates are refused, never rolled over', () => {
  it.each([
    ['0001-01-01', 'is before 1900'],
    ['1000-01-01 10:00', 'is before 1900'],
    ['2026-02-30', 'is not a real date (February 2026 has 28 days)'],
    ['2026-04-31 10:00', 'is not a real date (April 2026 has 30 days)'],
    ['1 jan 1000', 'is before 1900'],
  ])('checkin --date %s', async (date, why) => {
    const w = world();
    const err = await rejection(runCheckin({ mood: '5', date }, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(new RegExp(`^--date "${date}" ${why.replace(/[()]/g, '\\$&')}[;.]`));
    expect(w.entries()).toHaveLength(0);
  });

  it('session --date and intentions --due go through the same check', async () => {
    const w = world();
    expect((await rejection(runSessionAdd({ route: 'iv', date: '0001-01-01' }, w.ctx()))).message).toMatch(/^--date "0001-01-01" is before 1900/);
    expect((await rejection(runIntentionsAdd('x', { due: '2026-02-30' }, w.ctx()))).message).toMatch(/^--due "2026-02-30" is not a real date/);
  });

  it.each([
    ['integrate', 'i.json', integrateDoc([entryJson({ createdAt: '2026-02-30T10:00:00+01:00' })]), /^entry 1: field "createdAt" "2026-02-30T10:00:00\+01:00" is not a real date/],
    ['integrate', 'i.json', integrateDoc([entryJson({ createdAt: '0001-01-01T10:00:00+00:00' })]), /^entry 1: field "createdAt" "0001-01-01T10:00:00\+00:00" is before 1900/],
    ['jrnl', 'j.json', JSON.stringify({ entries: [{ title: 'x', date: '2026-02-30', time: '09:00' }] }), /^entry 1: field "date" 2026-02-30 09:00 is not a real date/],
    ['jrnl', 'j.json', JSON.stringify({ entries: [{ title: 'x', date: '1000-01-01', time: '10:00' }] }), /^entry 1: field "date" 1000-01-01 10:00 is before 1900/],
    ['daylio', 'd.csv', 'full_date,time,mood,note\n2026-02-30,9:00 pm,good,x\n', /^line 2: field "full_date" 2026-02-30 21:00 is not a real date/],
    ['daylio', 'd.csv', 'full_date,time,mood,scales\n2026-02-03,9:00 pm,good,Steps: 99999999999999999999/10\n', /^line 2: field "scales": steps 100000000000000000000 is beyond what a metric holds/],
    ['dayone', 'o.json', JSON.stringify({ entries: [{ uuid: 'U1', creationDate: '1', text: 'x' }] }), /^entry 1 \(U1\): field "creationDate" must be an ISO 8601 date-time with a zone.*got "1"/],
    ['dayone', 'o.json', JSON.stringify({ entries: [{ uuid: 'U1', creationDate: '2026-02-30T10:00:00Z', text: 'x' }] }), /^entry 1 \(U1\): field "creationDate" "2026-02-30T10:00:00Z" is not a real date/],
  ])('--from %s: %s', async (from, name, content, message) => {
    expect(await importFails(world(), name, content, { from })).toMatch(message);
  });

  const sessionJson = { id: 'bbbbbbbb-0000-4000-8000-000000000001', occurredAt: '2026-11-01T10:00:00+01:00', route: 'iv', doseMg: null, setting: '', guide: '', intention: '', notes: '' };
  const intentionJson = { id: 'cccccccc-0000-4000-8000-000000000001', text: 'Walk', createdAt: '2026-11-02T08:00:00+01:00', status: 'open', dueDate: null, closedAt: null, sourceEntryId: null };
  it.each([
    ['an answer type integrate does not write', integrateDoc([entryJson(), entryJson({ id: 'aaaaaaaa-0000-4000-8000-000000000002', answers: [{ question: 'q', position: 0, type: 'essay', prompt: 'p', value: 'v', insight: false, discuss: false, role: null }] })]),
      'entry 2: field "answers.0.type" must be one of "scale", "number", "text"'],
    ['privacy as text', integrateDoc([entryJson({ private: 'yes' })]), 'entry 1: field "private" must be true or false; got "yes". Nothing was imported.'],
    ['an entry without its text', integrateDoc([{ ...entryJson(), text: undefined }]), 'entry 1: field "text" is missing. Nothing was imported.'],
    ['a mood given as text', integrateDoc([entryJson({ metrics: { mood: '6' } })]), 'entry 1: field "metrics.mood" must be a number; got "6". Nothing was imported.'],
    ['an entry that is a list', integrateDoc([[1, 2]]), 'entry 1: is not an object; got a list. Nothing was imported.'],
    ['a metric near the largest number', integrateDoc([entryJson({ metrics: { mood: 6, steps: 1e308 } })]), 'entry 1: field "metrics.steps": steps 1e+308 is beyond what a metric holds (from -1000000000 to 1000000000). Nothing was imported.'],
    ['a route integrate does not know', integrateDoc([], { sessions: [{ ...sessionJson, route: 'nasal' }] }), 'session 1: field "route" must be one of "iv", "im", "oral"'],
    ['a dose of nothing', integrateDoc([], { sessions: [{ ...sessionJson, doseMg: 0 }] }), 'session 1: field "doseMg" must be a number above 0, or null; got 0. Nothing was imported.'],
    ['an empty intention', integrateDoc([], { intentions: [{ ...intentionJson, text: '' }] }), 'intention 1: field "text" must be text, not empty; got "". Nothing was imported.'],
    ['another tool\'s format', JSON.stringify({ format: 'jrnl', version: 1, entries: [] }), 'the file: field "format" must be "integrate"; got "jrnl". For jrnl, Daylio or Day One files add --from. Nothing was imported.'],
    ['a version that is not a whole number', JSON.stringify({ format: 'integrate', version: 1.5, entries: [] }), 'the file: field "version" must be a whole number; got 1.5. Nothing was imported.'],
  ])('integrate export with %s: one line naming the record and field, nothing written', async (_what, content, message) => {
    expect(await importFails(world(), 'i.json', content)).toContain(message);
  });
});

describe('10. import id collisions', () => {
  it('a record stored with different content is reported apart and kept; --replace takes the file’s', async () => {
    const w = world();
    const first = file('a.json', integrateDoc([entryJson(), entryJson({ id: 'aaaaaaaa-0000-4000-8000-000000000002', text: 'two' })], {
      sessions: [{ id: 'bbbbbbbb-0000-4000-8000-000000000001', occurredAt: '2026-11-01T10:00:00+01:00', route: 'iv', doseMg: null, setting: '', guide: '', intention: '', notes: 'old' }],
    }));
    await runImport(first, {}, w.ctx());
    const edited = file('b.json', integrateDoc([entryJson({ text: 'hello, edited' }), entryJson({ id: 'aaaaaaaa-0000-4000-8000-000000000002', text: 'two' })], {
      sessions: [{ id: 'bbbbbbbb-0000-4000-8000-000000000001', occurredAt: '2026-11-01T10:00:00+01:00', route: 'iv', doseMg: null, setting: '', guide: '', intention: '', notes: 'new' }],
    }));
    const kept = w.ctx();
    await runImport(edited, {}, kept);
    expect(kept.io.stderr()).toBe("Imported 0 entries; skipped 1 already there; 2 differ from what is stored: kept the stored version; use --replace to take the file's.\n");
    expect(w.store.entries.get('aaaaaaaa-0000-4000-8000-000000000001')!.text).toBe('hello');
    const replaced = w.ctx();
    await runImport(edited, { replace: true }, replaced);
    expect(replaced.io.stderr()).toBe("Imported 0 entries; skipped 1 already there; replaced 2 that differed with the file's version.\n");
    expect(w.store.entries.get('aaaaaaaa-0000-4000-8000-000000000001')!.text).toBe('hello, edited');
    expect(w.store.sessions.list()[0]!.notes).toBe('new');
    const again = w.ctx();
    await runImport(edited, { json: true }, again);
    expect(JSON.parse(again.io.stdout())).toMatchObject({ added: 0, duplicates: 3, conflicts: 0, replaced: 0 });
  });

  it('--replace keeps an intention linked to the entry it came from', async () => {
    const w = world();
    const e = entryJson();
    const intentions = [{ id: 'cccccccc-0000-4000-8000-000000000001', text: 'walk', createdAt: '2026-11-20T10:00:00+01:00', status: 'open', dueDate: null, closedAt: null, sourceEntryId: e.id }];
    await runImport(file('a.json', integrateDoc([e], { intentions })), {}, w.ctx());
    await runImport(file('b.json', integrateDoc([{ ...e, text: 'changed' }], { intentions })), { replace: true }, w.ctx());
    expect(w.store.intentions.all()[0]!.sourceEntryId).toBe(e.id);
  });

  it('jrnl: identical entries in the same minute stay two entries, and importing the file again adds nothing', async () => {
    const w = world();
    const same = { title: 'Slept badly.', body: '', date: '2026-11-20', time: '07:00', tags: [], starred: false };
    const jrnl = file('j.json', JSON.stringify({ tags: {}, entries: [same, same, { ...same, time: '08:00' }] }));
    await runImport(jrnl, { from: 'jrnl' }, w.ctx());
    expect(w.entries()).toHaveLength(3);
    const again = w.ctx();
    await runImport(jrnl, { from: 'jrnl', json: true }, again);
    expect(JSON.parse(again.io.stdout())).toMatchObject({ added: 0, duplicates: 3 });
    // A later export of the same journal with one more entry adds only that one.
    const later = file('j2.json', JSON.stringify({ tags: {}, entries: [{ ...same, date: '2026-11-19' }, same, same, { ...same, time: '08:00' }] }));
    const more = w.ctx();
    await runImport(later, { from: 'jrnl', json: true }, more);
    expect(JSON.parse(more.io.stdout())).toMatchObject({ added: 1, duplicates: 3 });
  });

  it('Daylio: two same-minute rows with the same mood and note stay two; re-import is idempotent', async () => {
    const w = world();
    const csv = file('d.csv', 'full_date,time,mood,activities,note\n2026-11-20,9:00 pm,good,walk,\n2026-11-20,9:00 pm,good,walk,\n');
    await runImport(csv, { from: 'daylio' }, w.ctx());
    expect(w.entries()).toHaveLength(2);
    await runImport(csv, { from: 'daylio' }, w.ctx());
    expect(w.entries()).toHaveLength(2);
  });

  it('Day One: an entry edited in Day One (same uuid) is a conflict, not "already there"', async () => {
    const w = world();
    const doc = (text: string) => file('o.json', JSON.stringify({ entries: [{ uuid: 'U1', creationDate: '2026-11-20T10:00:00Z', text }] }));
    await runImport(doc('first'), { from: 'dayone' }, w.ctx());
    const ctx = w.ctx();
    await runImport(doc('first, edited'), { from: 'dayone', json: true }, ctx);
    expect(JSON.parse(ctx.io.stdout())).toMatchObject({ added: 0, duplicates: 0, conflicts: 1 });
  });
});

describe('12. importer inputs that used to be "Something went wrong"', () => {
  it.each([['&#x110000;'], ['&#1114112;'], ['&#xD800;'], ['&#0;']])('Daylio note with %s is a record error', async (ref) => {
    const message = await importFails(world(), 'd.csv', `full_date,time,mood,note\n2026-11-20,9:00 pm,good,"a ${ref} b"\n`, { from: 'daylio' });
    expect(message).toBe(`line 2: field "note" has ${ref} is not a character. Nothing was imported.`);
  });

  it('Day One date +275760-09-13T00:00:00.000Z is a record error', async () => {
    const message = await importFails(world(), 'o.json', JSON.stringify({ entries: [{ uuid: 'U1', creationDate: '+275760-09-13T00:00:00.000Z' }] }), { from: 'dayone' });
    expect(message).toMatch(/^entry 1 \(U1\): field "creationDate" must be an ISO 8601 date-time with a zone/);
  });

  it.each([['integrate'], ['jrnl'], ['daylio'], ['dayone']])('--from %s accepts a UTF-8 byte-order mark and refuses bytes that are not UTF-8', async (from) => {
    const bodies: Record<string, string> = {
      integrate: integrateDoc([entryJson()]),
      jrnl: JSON.stringify({ entries: [{ title: 'x', date: '2026-11-20', time: '09:00' }] }),
      daylio: 'full_date,time,mood,note\n2026-11-20,9:00 pm,good,x\n',
      dayone: JSON.stringify({ entries: [{ uuid: 'U1', creationDate: '2026-11-20T10:00:00Z', text: 'x' }] }),
    };
    const w = world();
    await runImport(file('bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bodies[from]!)])), { from }, w.ctx());
    expect(w.entries()).toHaveLength(1);
    const bad = Buffer.concat([Buffer.from(bodies[from]!.slice(0, -3)), Buffer.from([0xff, 0xfe]), Buffer.from(bodies[from]!.slice(-3))]);
    expect(await importFails(world(), 'bad', bad, { from })).toBe('the file: is not UTF-8 text; save or export it as UTF-8 and try again. Nothing was imported.');
  });
});

describe('16. "-" reads stdin for every free-text flag', () => {
  it('intentions add - takes the text from stdin', async () => {
    const w = world();
    await runIntentionsAdd('-', {}, w.ctx({ stdin: 'Walk after lunch\n' }));
    expect(w.store.intentions.all().map((i) => i.text)).toEqual(['Walk after lunch']);
  });

  it.each([['intention'], ['guide'], ['setting'], ['note']] as const)('session add --%s -', async (flag) => {
    const w = world();
    await runSessionAdd({ route: 'iv', [flag]: '-' }, w.ctx({ stdin: `from stdin\r\nline two\n` }));
    const s = w.store.sessions.list()[0]!;
    expect(s[flag === 'note' ? 'notes' : flag]).toBe('from stdin\nline two');
  });

  it('refuses two flags reading stdin, naming both, and writes nothing', async () => {
    const w = world();
    const err = await rejection(runSessionAdd({ route: 'iv', intention: '-', note: '-' }, w.ctx({ stdin: 'x' })));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/^Only one flag can read stdin, and --intention and --note all asked for it/);
    expect(w.store.sessions.list()).toHaveLength(0);
  });

  it('session edit --guide - with empty stdin keeps the guide', async () => {
    const w = world();
    await runSessionAdd({ route: 'iv', guide: 'Dr. K' }, w.ctx());
    const err = await rejection(runSessionEdit('1', { guide: '-' }, w.ctx({ stdin: '' })));
    expect(err.message).toMatch(/^The guide from stdin was empty, so nothing was changed/);
    expect(w.store.sessions.list()[0]!.guide).toBe('Dr. K');
  });
});
