// Your data, your way: search, export, import, backup and doctor, run as
// commands with a fake ctx. Search, export and import use an in-memory
// database; backup and doctor a real temp file (WAL, permissions, a second
// connection).
import Database from 'better-sqlite3-multiple-ciphers';
import { parse as parseCsv } from 'csv-parse/sync';
import { marked, type Token } from 'marked';
import { stringWidth } from '../../src/render/text.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAssess } from '../../src/commands/assess.js';
import { runBackup } from '../../src/commands/backup.js';
import { runCheckin, type CheckinOptions } from '../../src/commands/checkin.js';
import { runDelete } from '../../src/commands/delete.js';
import { runDoctor } from '../../src/commands/doctor.js';
import { runEdit } from '../../src/commands/edit.js';
import { runExport, type ExportOptions } from '../../src/commands/export.js';
import { runImport, type ImportOptions } from '../../src/commands/import.js';
import { runIntentionsAdd } from '../../src/commands/intentions.js';
import { runJournal } from '../../src/commands/journal.js';
import { runSearch, type SearchOptions } from '../../src/commands/search.js';
import { runSessionAdd, runSessionEdit } from '../../src/commands/session.js';
import { createTestCtx, type TestCtxOptions } from '../../src/context.js';
import { DataError, UsageError } from '../../src/errors.js';
import { makeChalk } from '../../src/io.js';
import { Store } from '../../src/store/index.js';
import { LATEST_VERSION, migrate } from '../../src/store/migrations/index.js';
import { openDatabase } from '../../src/store/open.js';
import { insertEntry, rejection, tempDirs, testWorld } from '../helpers/world.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'import');
const fixture = (name: string) => path.join(FIXTURES, name);
// The test clock: Saturday 2026-11-21 10:00 UTC = 11:00 in Berlin.
const NOW = new Date('2026-11-21T10:00:00Z');

const tmpDir = tempDirs('integrate-data-');
function tmpFile(name: string, content: string): string {
  const file = path.join(tmpDir(), name);
  fs.writeFileSync(file, content);
  return file;
}


/** A fresh in-memory database; `ctx(...)` makes contexts (runs) on it. */
const world = () => testWorld({ now: NOW });
type World = ReturnType<typeof world>;

const insert = insertEntry;

/** Rows in every table (the FTS index's own internal tables too, unless leaving them out), to prove that nothing changed. */
function tableCounts(store: Store, ftsInternals = true): Record<string, number> {
  const tables = store.db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all()
    .filter(({ name }) => ftsInternals || !name.startsWith('search_fts_'));
  return Object.fromEntries(tables.map(({ name }) => [name, (store.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

// ---------------------------------------------------------------- search

interface SearchJson {
  kind: string;
  id: string;
  createdAt: string;
  private: boolean;
  snippet: string;
}

async function search(w: World, query: string, opts: SearchOptions = {}, ctxOpts: TestCtxOptions = {}) {
  const ctx = w.ctx(ctxOpts);
  await runSearch(query, { ...opts, json: true }, ctx);
  return JSON.parse(ctx.io.stdout()) as SearchJson[];
}

describe('search', () => {
  it('ranks entries with more matches first', async () => {
    const w = world();
    const once = insert(w.store, { text: 'grandmother garden walk today', createdAt: '2026-11-20T09:00:00.000Z' });
    const thrice = insert(w.store, { text: 'grandmother grandmother grandmother kitchen', createdAt: '2026-11-01T09:00:00.000Z', localDate: '2026-11-01' });
    insert(w.store, { text: 'nothing to see here' });
    const hits = await search(w, 'grandmother');
    expect(hits.map((h) => h.id)).toEqual([thrice.id, once.id]);
  });

  it('prints the JSON shape: kind, id, createdAt with offset, private, snippet with [brackets]', async () => {
    const w = world();
    const e = insert(w.store, { text: 'Called my sister about grandmother', createdAt: '2026-07-01T16:30:00.000Z', utcOffset: 120, localDate: '2026-07-01' });
    expect(await search(w, 'sister')).toEqual([
      { kind: 'checkin', id: e.id, createdAt: '2026-07-01T18:30:00+02:00', private: false, snippet: 'Called my [sister] about grandmother' },
    ]);
  });

  it('matches an exact phrase in quotes, not the same words apart', async () => {
    const w = world();
    const phrase = insert(w.store, { text: 'After the walk I felt lighter than in weeks' });
    insert(w.store, { text: 'Lighter rain; I felt cold' });
    expect((await search(w, '"felt lighter"')).map((h) => h.id)).toEqual([phrase.id]);
    expect(await search(w, 'felt lighter')).toHaveLength(2);
  });

  it('matches prefixes with word*, and whole words without', async () => {
    const w = world();
    const a = insert(w.store, { text: 'Slow breathing before sleep', createdAt: '2026-11-19T09:00:00.000Z' });
    const b = insert(w.store, { text: 'Breathwork group on Tuesday', createdAt: '2026-11-18T09:00:00.000Z' });
    insert(w.store, { text: 'A long breath' });
    expect((await search(w, 'breath*')).map((h) => h.id).sort()).toHaveLength(3);
    expect((await search(w, 'breathw*')).map((h) => h.id)).toEqual([b.id]);
    expect((await search(w, 'breathing')).map((h) => h.id)).toEqual([a.id]);
    expect((await search(w, 'breath')).map((h) => h.id)).not.toContain(a.id);
  });

  it('is case and accent insensitive', async () => {
    const w = world();
    const e = insert(w.store, { text: 'Café with Zoë' });
    expect((await search(w, 'cafe zoe')).map((h) => h.id)).toEqual([e.id]);
  });

  it('highlights with [brackets] when colour is off', async () => {
    const w = world();
    const e = insert(w.store, { text: 'The music carried me through the grief', createdAt: '2026-11-20T19:05:00.000Z' });
    const ctx = w.ctx();
    await runSearch('music grief', {}, ctx);
    expect(ctx.io.stdout()).toBe(`${e.id.slice(0, 8)}  2026-11-20 20:05  checkin\n  The [music] carried me through the [grief]\n`);
    expect(ctx.io.stdout()).not.toContain('\u001b');
    expect(ctx.io.stderr()).toBe('');
  });

  it('highlights with ANSI bold yellow when colour is on, without brackets', async () => {
    const w = world();
    insert(w.store, { text: 'The music carried me' });
    const ctx = w.ctx({ color: true, tty: true });
    await runSearch('music', {}, ctx);
    const out = ctx.io.stdout();
    expect(out).toContain(makeChalk(true).bold.yellow('music'));
    expect(out).not.toContain('[music]');
  });

  it('keeps the match in view when the snippet is wider than the terminal', async () => {
    const w = world();
    insert(w.store, { text: 'Heute Morgen Spaziergang entlang Flussufer Nachbarschaft Erinnerungen Sonntagnachmittage Kaffeetafel Apfelkuchen Streuselkuchen Familienfeiern Kindheitserinnerungen Verwandtschaft Gartenzwerge Großmutter Wohnzimmer Fensterbank Geranien' });
    for (const columns of [40, 80, 120]) {
      const plain = w.ctx({ columns });
      await runSearch('großmutter', {}, plain);
      expect(plain.io.stdout().split('\n')[1]).toContain('[Großmutter]');
      const coloured = w.ctx({ columns, color: true, tty: true });
      await runSearch('großmutter', {}, coloured);
      const line = coloured.io.stdout().split('\n')[1]!;
      expect(line).toContain(makeChalk(true).bold.yellow('Großmutter'));
      expect(stringWidth(line)).toBeLessThanOrEqual(columns);
    }
  });

  it('sanitises user text in snippets: no escape sequences reach the terminal', async () => {
    const w = world();
    insert(w.store, { text: 'evil \u001b]52;c;aGk=\u0007 clipboard \u001b[31mred\u001b[0m word \u202Eflipped' });
    const ctx = w.ctx();
    await runSearch('clipboard', {}, ctx);
    expect(ctx.io.stdout()).toContain('[clipboard]');
    expect(ctx.io.stdout()).not.toMatch(/[\u001b\u0007\u202e]/);
  });

  it('searches private entries too and marks them', async () => {
    const w = world();
    const e = insert(w.store, { text: 'a private fear of water', private: true });
    const hits = await search(w, 'water');
    expect(hits).toEqual([expect.objectContaining({ id: e.id, private: true })]);
    const ctx = w.ctx();
    await runSearch('water', {}, ctx);
    expect(ctx.io.stdout().split('\n')[0]).toMatch(/checkin \(private\)$/);
  });

  it('finds journal answers, session notes and intentions, with their kind', async () => {
    const w = world();
    await runSessionAdd({ route: 'iv', date: '2026-11-18 10:00', intention: 'meet the ocean', note: 'The ocean was everywhere', setting: 'clinic' }, w.ctx());
    await runIntentionsAdd('Swim in the ocean once a week', {}, w.ctx());
    const answers = tmpFile('after.json', JSON.stringify({ mood: 7, images: 'An ocean of green light', 'carry-forward': ['Call the ocean guide'] }));
    await runJournal('post-session', { answers }, w.ctx());
    const hits = await search(w, 'ocean');
    expect(hits.map((h) => h.kind).sort()).toEqual(['intention', 'intention', 'journal', 'session']);
    expect(hits.find((h) => h.kind === 'session')!.snippet).toContain('[ocean]');
    expect((await search(w, 'ocean', { kind: 'session' })).map((h) => h.kind)).toEqual(['session']);
    expect((await search(w, 'ocean', { kind: 'intention' })).map((h) => h.kind)).toEqual(['intention', 'intention']);
    expect((await search(w, 'ocean', { kind: 'journal' })).map((h) => h.kind)).toEqual(['journal']);
    expect(await search(w, 'ocean', { kind: 'checkin' })).toEqual([]);
  });

  it('filters by --since/--until (whole local days) and --tag', async () => {
    const w = world();
    // 23:30 Berlin on 2026-11-10 is 22:30 UTC: the local day decides.
    const late = insert(w.store, { text: 'walk by the river', createdAt: '2026-11-10T22:30:00.000Z', localDate: '2026-11-10', tags: ['family'] });
    const next = insert(w.store, { text: 'walk in the rain', createdAt: '2026-11-10T23:30:00.000Z', localDate: '2026-11-11' });
    const later = insert(w.store, { text: 'walk with friends', createdAt: '2026-11-15T09:00:00.000Z', localDate: '2026-11-15', tags: ['family', 'friends'] });
    const ids = async (opts: SearchOptions) => (await search(w, 'walk', opts)).map((h) => h.id).sort();
    expect(await ids({ until: '2026-11-10' })).toEqual([late.id]);
    expect(await ids({ since: '2026-11-11' })).toEqual([next.id, later.id].sort());
    expect(await ids({ since: '2026-11-11', until: '2026-11-11' })).toEqual([next.id]);
    expect(await ids({ tag: '#Family' })).toEqual([late.id, later.id].sort());
    expect(await ids({ tag: 'friends', since: '2026-11-01' })).toEqual([later.id]);
  });

  it('honours --limit and reports nothing found on stderr', async () => {
    const w = world();
    for (let i = 0; i < 5; i++) insert(w.store, { text: `tea number ${i}` });
    expect(await search(w, 'tea', { limit: '2' })).toHaveLength(2);
    const ctx = w.ctx();
    await runSearch('coffee', {}, ctx);
    expect(ctx.io.stdout()).toBe('');
    expect(ctx.io.stderr()).toBe('Nothing found for "coffee".\n');
  });

  it('follows edits, deletes and session changes (the index is kept by triggers)', async () => {
    const w = world();
    const e = insert(w.store, { text: 'the old words' });
    await runEdit(e.id, { note: 'completely new wording' }, w.ctx());
    expect(await search(w, 'old')).toEqual([]);
    expect((await search(w, 'wording')).map((h) => h.id)).toEqual([e.id]);
    await runDelete(e.id, { yes: true }, w.ctx());
    expect(await search(w, 'wording')).toEqual([]);

    await runSessionAdd({ route: 'im', date: '2026-11-18 10:00', note: 'violins' }, w.ctx());
    await runSessionEdit('1', { note: 'cellos' }, w.ctx());
    expect(await search(w, 'violins')).toEqual([]);
    expect(await search(w, 'cellos')).toHaveLength(1);
    expect(w.store.db.prepare('SELECT count(*) AS n FROM search_fts').get()).toEqual({ n: 1 });
  });

  it.each(["self-care", "grief's", 'care.'])('searches everyday punctuation such as %j as plain words', async (query) => {
    const w = world();
    insert(w.store, { text: "grief's weight, and self-care." });
    const ctx = w.ctx();
    await runSearch(query, { json: true }, ctx);
    expect(JSON.parse(ctx.io.stdout())).toHaveLength(1);
  });

  it.each(['"unterminated', 'a AND', 'mood:5', 'OR', '(grief'])(
    'turns the FTS error for %j into a plain UsageError',
    async (query) => {
      const w = world();
      insert(w.store, { text: 'grief and self care' });
      const err = await rejection(runSearch(query, {}, w.ctx()));
      expect(err).toBeInstanceOf(UsageError);
      expect(err.message).toContain(`I could not read the search "${query}"`);
      expect(err.message).toContain('"an exact phrase"');
      expect(err.message).not.toMatch(/fts5|sqlite/i);
    },
  );

  it('asks for words when the query is empty, and works without a database', async () => {
    const w = world();
    const err = await rejection(runSearch('   ', {}, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    const ctx = { ...createTestCtx({ now: NOW }), existingStore: () => undefined };
    await runSearch('anything', {}, ctx);
    expect(ctx.io.stderr()).toBe('Nothing found for "anything".\n');
  });
});

// ---------------------------------------------------------------- export

interface ExportDoc {
  format: string;
  version: number;
  exportedAt: string;
  entries: Record<string, unknown>[];
  sessions: Record<string, unknown>[];
  intentions: Record<string, unknown>[];
}

async function exportText(w: World, opts: ExportOptions, now = NOW): Promise<string> {
  const ctx = w.ctx({ now });
  await runExport(opts, ctx);
  // Only the note that private records are included, and only when they are.
  expect(ctx.io.stderr()).toMatch(/^(Note: this export includes [^\n]*private[^\n]*\n)?$/);
  return ctx.io.stdout();
}

const exportJson = async (w: World, opts: ExportOptions = {}, now = NOW) => JSON.parse(await exportText(w, { ...opts, format: 'json' }, now)) as ExportDoc;

const PHQ9 = { item1: 1, item2: 2, item3: 1, item4: 0, item5: 1, item6: 0, item7: 1, item8: 0, item9: 1 };

/** Everything a user can make: check-ins, a reflection with intentions, a session, intentions, an assessment, a private entry, a draft, an edit. */
async function seedVaried(w: World) {
  const checkin = async (opts: CheckinOptions) => runCheckin(opts, w.ctx());
  await checkin({ mood: '6', anxiety: '3', energy: '5', sleep: '7.5', practice: ['Meditation', 'nature'], tag: ['family', 'Work'], note: 'A calm day, with "quotes", a comma\nand a second line', date: '2026-11-02 08:15' });
  await checkin({ mood: '4', note: 'Something only for me', private: true, tag: ['secret'], date: '2026-11-03 21:00' });
  await checkin({ mood: '7', note: '=HYPERLINK("http://evil.example")', date: '2026-07-14 12:00' });
  await checkin({ sleep: '6', note: '# Not a heading\n- not a list\n<script>alert(1)</script> *not emphasis*', date: '2026-11-03 07:00' });
  await runSessionAdd({ route: 'iv', date: '2026-11-05 10:00', doseMg: '35', setting: 'clinic, music', guide: 'Dr. K', intention: 'meet the grief', note: 'Strings, then silence.' }, w.ctx());
  const answers = tmpFile('after.yaml', [
    'mood: 5', 'stands-out: The silence after the strings', 'insight: I do not have to earn rest', 'confusing: yes',
    'confusing-detail: A door that was also a song', 'carry-forward:', '  - Walk after lunch', '  - Call my sister on Sunday',
    'discuss: The door', 'safety: no', '',
  ].join('\n'));
  await runJournal('post-session', { answers, date: '2026-11-06 20:00' }, w.ctx());
  await runIntentionsAdd('Ten minutes outside', { due: '2026-12-01' }, w.ctx());
  await runAssess('phq9', { answers: tmpFile('phq9.json', JSON.stringify(PHQ9)) }, w.ctx());
  const [walk] = w.store.intentions.open();
  w.store.intentions.setStatus(walk!.id, 'done', '2026-11-10T12:00:00.000Z');
  const first = w.entries().find((e) => e.text.startsWith('A calm day'))!;
  await runEdit(first.id, { star: true }, w.ctx({ now: new Date('2026-11-04T08:00:00.000Z') }));
  w.store.drafts.save({
    id: crypto.randomUUID(), pack: 'daily', packVersion: 1, startedAt: NOW.toISOString(), updatedAt: NOW.toISOString(),
    utcOffset: 60, entryAt: null, private: false, answers: { mood: 3, note: 'an unfinished draft' },
  });
}

describe('export --format json', () => {
  it('writes format "integrate", version 1, entries with answers and safety flags, sessions and intentions, and no drafts', async () => {
    const w = world();
    await seedVaried(w);
    const doc = await exportJson(w);
    expect(Object.keys(doc)).toEqual(['format', 'version', 'exportedAt', 'entries', 'sessions', 'intentions']);
    expect(doc).toMatchObject({ format: 'integrate', version: 1, exportedAt: '2026-11-21T10:00:00.000Z' });
    expect(doc.entries).toHaveLength(6);
    for (const e of doc.entries) {
      expect(Object.keys(e)).toEqual(['id', 'createdAt', 'kind', 'pack', 'packVersion', 'metrics', 'practices', 'tags', 'text', 'private', 'starred', 'updatedAt', 'answers', 'safetyFlags']);
    }
    // Oldest first, times with the offset in force then.
    expect(doc.entries.map((e) => [e.createdAt, e.kind])).toEqual([
      ['2026-07-14T12:00:00+02:00', 'checkin'],
      ['2026-11-02T08:15:00+01:00', 'checkin'],
      ['2026-11-03T07:00:00+01:00', 'checkin'],
      ['2026-11-03T21:00:00+01:00', 'checkin'],
      ['2026-11-06T20:00:00+01:00', 'journal'],
      ['2026-11-21T11:00:00+01:00', 'assessment'],
    ]);
    expect(doc.entries[1]).toMatchObject({
      metrics: { mood: 6, anxiety: 3, energy: 5, sleep: 7.5 }, practices: ['meditation', 'nature'], tags: ['family', 'work'],
      starred: true, updatedAt: '2026-11-04T08:00:00.000Z', answers: [], safetyFlags: [],
    });
    expect(doc.entries[3]).toMatchObject({ private: true, text: 'Something only for me' });
    const reflection = doc.entries[4]!;
    expect(reflection).toMatchObject({ pack: 'post-session', packVersion: 2, metrics: { mood: 5 } });
    expect(reflection.answers).toContainEqual({ question: 'insight', position: expect.any(Number), type: 'longtext', prompt: 'Did anything become clearer about yourself, your life, or the people in it?', value: 'I do not have to earn rest', insight: true, discuss: false, role: null });
    expect(reflection.answers).toContainEqual(expect.objectContaining({ question: 'carry-forward', type: 'intention', value: ['Walk after lunch', 'Call my sister on Sunday'] }));
    expect(reflection.answers).toContainEqual(expect.objectContaining({ question: 'confusing-detail', discuss: true, role: 'unreal' }));
    expect(doc.entries[5]).toMatchObject({ kind: 'assessment', pack: 'phq9', metrics: { phq9: 7 }, safetyFlags: ['phq9-item9'] });
    expect((doc.entries[5]!.answers as unknown[])).toHaveLength(9);

    expect(doc.sessions).toEqual([{
      id: expect.any(String), occurredAt: '2026-11-05T10:00:00+01:00', route: 'iv', doseMg: 35, doseUnit: 'mg', setting: 'clinic, music',
      guide: 'Dr. K', intention: 'meet the grief', notes: 'Strings, then silence.', private: false,
    }]);
    expect(doc.intentions.map((i) => [i.text, i.status, i.dueDate, i.closedAt, i.sourceEntryId])).toEqual([
      ['Walk after lunch', 'done', null, '2026-11-10T12:00:00.000Z', reflection.id],
      ['Call my sister on Sunday', 'open', null, null, reflection.id],
      ['Ten minutes outside', 'open', '2026-12-01', null, null],
    ]);
    const text = JSON.stringify(doc);
    expect(text).not.toContain('unfinished draft');
    expect(text).not.toContain('drafts');
  });

  it('round trips: export, import into an empty database, export again gives the same document', async () => {
    const a = world();
    await seedVaried(a);
    const first = await exportText(a, { format: 'json' });
    const file = tmpFile('integrate-backup.json', first);

    const b = world();
    const ctx = b.ctx({ now: new Date('2027-01-05T09:00:00Z') });
    await runImport(file, {}, ctx);
    expect(ctx.io.stderr()).toBe('Imported 6 entries and 1 sessions and 3 intentions; skipped 0 already there.\n');
    const second = await exportText(b, { format: 'json' }, new Date('2027-01-05T09:30:00Z'));

    const withoutStamp = (s: string) => ({ ...(JSON.parse(s) as ExportDoc), exportedAt: undefined });
    expect(withoutStamp(second)).toEqual(withoutStamp(first));
    expect(JSON.parse(second).exportedAt).toBe('2027-01-05T09:30:00.000Z');
    // Row for row the same, except the draft (not exported); the FTS index's segments depend on the edit history.
    const { drafts: draftsA, ...countsA } = tableCounts(a.store, false);
    const { drafts: draftsB, ...countsB } = tableCounts(b.store, false);
    expect([draftsA, draftsB]).toEqual([1, 0]);
    expect(countsB).toEqual(countsA);
    // Imported text is searchable at once.
    await runSearch('strings', { json: true }, b.ctx());

    // Importing the same file again adds nothing.
    const again = b.ctx();
    await runImport(file, { json: true }, again);
    expect(JSON.parse(again.io.stdout())).toEqual({ dryRun: false, added: 0, duplicates: 10, conflicts: 0, replaced: 0, sessionsAdded: 0, intentionsAdded: 0, safety: { risk: 0, mention: 0 }, warnings: [] });
    expect(tableCounts(b.store, false)).toEqual({ ...countsB, drafts: 0 });
  });

  it('is valid JSON for an empty database', async () => {
    const doc = await exportJson(world());
    expect(doc).toEqual({ format: 'integrate', version: 1, exportedAt: '2026-11-21T10:00:00.000Z', entries: [], sessions: [], intentions: [] });
  });

  it('applies --exclude-private and the list filters to entries', async () => {
    const w = world();
    await seedVaried(w);
    const texts = async (opts: ExportOptions) => (await exportJson(w, opts)).entries.map((e) => e.createdAt);
    const noPrivate = await exportJson(w, { excludePrivate: true });
    expect(noPrivate.entries).toHaveLength(5);
    expect(JSON.stringify(noPrivate)).not.toContain('Something only for me');
    expect(noPrivate.sessions).toHaveLength(1);
    expect(await texts({ since: '2026-11-03', until: '2026-11-03' })).toEqual(['2026-11-03T07:00:00+01:00', '2026-11-03T21:00:00+01:00']);
    expect(await texts({ tag: 'family' })).toEqual(['2026-11-02T08:15:00+01:00']);
    expect(await texts({ kind: 'journal' })).toEqual(['2026-11-06T20:00:00+01:00']);
    expect(await texts({ limit: '2' })).toEqual(['2026-07-14T12:00:00+02:00', '2026-11-02T08:15:00+01:00']);
    expect(await texts({ days: '7' })).toEqual(['2026-11-21T11:00:00+01:00']);
  });

  it('rejects an unknown format', async () => {
    const err = await rejection(runExport({ format: 'xml' }, world().ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('--format must be one of json, csv, md; got "xml".');
  });
});

describe('export --format csv', () => {
  it('writes a header with the metric columns and one RFC 4180 row per entry, CRLF line ends', async () => {
    const w = world();
    await seedVaried(w);
    const text = await exportText(w, { format: 'csv', includePrivate: true });
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('id,date,time,utc_offset,kind,pack,mood,anxiety,energy,sleep,phq9,practices,tags,private,starred,text');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(6);
    expect(rows[1]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), date: '2026-11-02', time: '08:15', utc_offset: 'UTC+01:00', kind: 'checkin', pack: '',
      mood: '6', anxiety: '3', energy: '5', sleep: '7.5', phq9: '', practices: 'meditation | nature', tags: 'family | work',
      private: 'no', starred: 'yes', text: 'A calm day, with "quotes", a comma\nand a second line',
    });
    expect(rows[0]).toMatchObject({ utc_offset: 'UTC+02:00', time: '12:00', text: `'=HYPERLINK("http://evil.example")` });
    expect(rows[3]).toMatchObject({ private: 'yes' });
    expect(rows[5]).toMatchObject({ kind: 'assessment', pack: 'phq9', phq9: '7', text: '' });
    // The raw quoting: inner quotes doubled, the whole field quoted.
    expect(text).toContain(`"A calm day, with ""quotes"", a comma\nand a second line"`);
  });

  it('guards every field that starts with = + - @ tab or CR, and keeps UTF-8 as it is', async () => {
    const w = world();
    const starts = ['=1+1', '+49 30 123', '-5 degrees', '@someone', '\tindented', '\rreturn', 'Grüße ☀️ 日本語'];
    starts.forEach((text, i) => insert(w.store, { text, createdAt: `2026-11-0${i + 1}T09:00:00.000Z`, localDate: `2026-11-0${i + 1}` }));
    insert(w.store, { text: 'tagged', tags: ['-minus', '=eq'], practices: ['@home'], createdAt: '2026-11-09T09:00:00.000Z', localDate: '2026-11-09' });
    const text = await exportText(w, { format: 'csv' });
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.text)).toEqual([...starts.slice(0, 6).map((s) => `'${s}`), 'Grüße ☀️ 日本語', 'tagged']);
    expect(rows[7]).toMatchObject({ tags: "'-minus | =eq", practices: "'@home" });
    expect(Buffer.from(text, 'utf8').toString('utf8')).toContain('Grüße ☀️ 日本語');
  });

  it('leaves private entries out unless --include-private (and with --exclude-private, as before)', async () => {
    const w = world();
    await seedVaried(w);
    for (const opts of [{}, { excludePrivate: true }]) {
      const text = await exportText(w, { format: 'csv', ...opts });
      expect(text).not.toContain('Something only for me');
      expect(parseCsv(text, { columns: true })).toHaveLength(5);
    }
    expect(await exportText(w, { format: 'csv', includePrivate: true })).toContain('Something only for me');
  });
});

function headings(tokens: Token[], found: { depth: number; text: string }[] = []): { depth: number; text: string }[] {
  for (const t of tokens) {
    if (t.type === 'heading') found.push({ depth: (t as { depth: number }).depth, text: (t as { text: string }).text });
    const children = (t as { tokens?: Token[] }).tokens;
    if (children) headings(children, found);
    const items = (t as { items?: { tokens: Token[] }[] }).items;
    if (items) for (const item of items) headings(item.tokens, found);
  }
  return found;
}

describe('export --format md', () => {
  it('writes one section per local day, oldest first, with the entries at their times', async () => {
    const w = world();
    await seedVaried(w);
    const md = await exportText(w, { format: 'md', includePrivate: true });
    expect(md.startsWith('# Journal\n\nExported from integrate on 2026-11-21.\n')).toBe(true);
    const found = headings(marked.lexer(md));
    expect(found.filter((h) => h.depth === 1).map((h) => h.text)).toEqual(['Journal']);
    expect(found.filter((h) => h.depth === 2).map((h) => h.text)).toEqual(['2026-07-14', '2026-11-02', '2026-11-03', '2026-11-06', '2026-11-21', 'Dosing sessions', 'Intentions']);
    expect(found.filter((h) => h.depth === 3).map((h) => h.text.slice(0, 5))).toEqual(['12:00', '08:15', '07:00', '21:00', '20:00', '11:00', 'Sessi']);
    const html = await marked.parse(md);
    expect(html).toContain('<p>mood 6; anxiety 3; energy 5; sleep 7.5h; practices: meditation, nature; tags: family, work</p>');
    expect(html).toContain('<h3>08:15 (checkin, starred)</h3>');
  });

  it('keeps each day in one section, in order, for entries written in other time zones', async () => {
    const w = world();
    // 00:30 on the 10th in Berlin, then (later in UTC) 19:15 on the 9th in Los Angeles, then the 10th again in Berlin.
    insert(w.store, { text: 'berlin, just after midnight', createdAt: '2026-02-09T23:30:00.000Z', utcOffset: 60, localDate: '2026-02-10' });
    insert(w.store, { text: 'los angeles, evening', createdAt: '2026-02-10T03:15:00.000Z', utcOffset: -480, localDate: '2026-02-09' });
    insert(w.store, { text: 'berlin, morning', createdAt: '2026-02-10T08:00:00.000Z', utcOffset: 60, localDate: '2026-02-10' });
    const found = headings(marked.lexer(await exportText(w, { format: 'md' })));
    expect(found.filter((h) => h.depth > 1).map((h) => h.text)).toEqual(['2026-02-09', '19:15 (checkin)', '2026-02-10', '00:30 (checkin)', '09:00 (checkin)']);
  });

  it('ends with the dosing sessions and the intentions, in plain words', async () => {
    const w = world();
    await seedVaried(w);
    const md = await exportText(w, { format: 'md' });
    const tail = md.slice(md.indexOf('## Dosing sessions'));
    expect(tail).toContain('### Session 1: 2026-11-05 10:00, IV infusion, 35 mg\n\n- Setting: clinic, music\n- Guide: Dr. K\n- Intention: meet the grief\n\n> Strings, then silence.\n');
    expect(tail).toMatch(/## Intentions\n\n(- .+ \((open since|done|set aside) [\d-]+\)\n)+$/);
    expect(tail).toContain('(done 2026-11-10)');
  });

  it('dates the export by the local day', async () => {
    const w = world();
    // 23:30 UTC on the 21st is already the 22nd in Berlin.
    const md = await exportText(w, { format: 'md' }, new Date('2026-11-21T23:30:00Z'));
    expect(md).toBe('# Journal\n\nExported from integrate on 2026-11-22.\n');
  });

  it('escapes user text: a "# heading" note stays a quoted line, HTML stays text', async () => {
    const w = world();
    await seedVaried(w);
    const md = await exportText(w, { format: 'md' });
    const found = headings(marked.lexer(md));
    expect(found.map((h) => h.text)).not.toContain('Not a heading');
    const html = await marked.parse(md);
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/<h1>Not a heading/);
    expect(html).not.toContain('<li>not a list');
    expect(html).not.toContain('<em>not emphasis');
    expect(html).toMatch(/<blockquote>\s*<p># Not a heading<br>- not a list<br>&lt;script&gt;alert\(1\)&lt;\/script&gt; \*not emphasis\*<\/p>/);
  });

  it('shows reflection answers under their prompts', async () => {
    const w = world();
    await seedVaried(w);
    const md = await exportText(w, { format: 'md' });
    const html = await marked.parse(md);
    expect(html).toMatch(/<li><p>Did anything become clearer about yourself, your life, or the people in it\?<\/p>\s*<blockquote>\s*<p>I do not have to earn rest<\/p>\s*<\/blockquote>\s*<\/li>/);
    expect(html).toMatch(/<blockquote>\s*<p>Walk after lunch, Call my sister on Sunday<\/p>/);
  });

  it('leaves private entries out unless --include-private, and then marks them', async () => {
    const w = world();
    await seedVaried(w);
    expect(await exportText(w, { format: 'md' })).not.toContain('Something only for me');
    expect(await marked.parse(await exportText(w, { format: 'md', includePrivate: true }))).toMatch(/<h3>21:00 \(checkin, private\)<\/h3>\s*<p>mood 4; tags: secret<\/p>\s*<blockquote>\s*<p>Something only for me<\/p>/);
    expect(await exportText(w, { format: 'md', excludePrivate: true })).not.toContain('Something only for me');
  });
});

describe('export --out', () => {
  it('writes a 0600 file atomically, says where on stderr, prints nothing on stdout', async () => {
    const w = world();
    await seedVaried(w);
    const dir = tmpDir();
    const out = path.join(dir, 'everything.json');
    const ctx = w.ctx();
    await runExport({ out }, ctx);
    expect(ctx.io.stdout()).toBe('');
    expect(ctx.io.stderr()).toBe(`Note: this export includes 1 private entry; json is the complete copy: add --exclude-private before sharing it.\nExported 6 entries to ${out}\n`);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['everything.json']);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(await exportJson(w));
  });

  it('replaces an older export with a private file', async () => {
    const w = world();
    insert(w.store, { text: 'one' });
    const out = tmpFile('entries.csv', 'old content');
    fs.chmodSync(out, 0o644);
    await runExport({ format: 'csv', out }, w.ctx());
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^id,date,/);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['entries.csv']);
  });

  it('leaves the old file untouched and no temp file behind when the export fails midway', async () => {
    const w = world();
    insert(w.store, { text: 'one' });
    insert(w.store, { text: 'two' });
    const out = tmpFile('journal.md', 'keep me');
    const real = w.store.exports.entries.bind(w.store.exports);
    vi.spyOn(w.store.exports, 'entries').mockImplementation(function* (filter) {
      const it = real(filter);
      yield it.next().value!;
      throw new Error('disk went away');
    });
    await expect(runExport({ format: 'md', out }, w.ctx())).rejects.toThrow('disk went away');
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me');
    expect(fs.readdirSync(path.dirname(out))).toEqual(['journal.md']);
  });

  it('fails with a UsageError (a path the user can fix) for a folder that does not exist', async () => {
    const w = world();
    const err = await rejection(runExport({ out: path.join(tmpDir(), 'missing', 'x.json') }, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/the folder does not exist\. Nothing was written\.$/);
  });
});

// ---------------------------------------------------------------- import

async function importFile(w: World, file: string, opts: ImportOptions = {}) {
  const ctx = w.ctx();
  await runImport(file, opts, ctx);
  return ctx;
}

/** Entries as the user sees them: local wall-clock time at the entry's own offset. */
function seen(w: World) {
  return w.entries().reverse().map((e) => {
    const local = new Date(Date.parse(e.createdAt) + e.utcOffset * 60_000).toISOString();
    return { at: `${local.slice(0, 10)} ${local.slice(11, 16)}`, offset: e.utcOffset, day: e.localDate, kind: e.kind, text: e.text, tags: e.tags, practices: e.practices, metrics: e.metrics, starred: e.starred };
  });
}

describe('import --from jrnl', () => {
  it('imports every entry at its local wall-clock time, with tags (no @) and stars; searchable at once', async () => {
    const w = world();
    const ctx = await importFile(w, fixture('jrnl.json'), { from: 'jrnl' });
    expect(ctx.io.stderr()).toBe('Imported 4 entries; skipped 0 already there.\n');
    expect(ctx.io.stdout()).toBe('');
    expect(seen(w).map((e) => [e.at, e.offset, e.kind, e.tags, e.starred])).toEqual([
      ['2026-03-02 18:45', 60, 'journal', ['work'], false],
      ['2026-03-14 21:05', 60, 'journal', ['family', 'grief'], true],
      ['2026-07-01 07:30', 120, 'journal', [], false],
      ['2026-07-05 23:50', 120, 'journal', ['family'], false],
    ]);
    expect(seen(w)[1]!.text).toBe("Called my sister. We talked about grandmother's kitchen for an hour, the yellow tiles and the radio. @family @grief");
    expect((await search(w, 'grandmother')).map((h) => h.kind)).toEqual(['journal']);
  });

  it('adds nothing the second time and counts the duplicates', async () => {
    const w = world();
    await importFile(w, fixture('jrnl.json'), { from: 'jrnl' });
    const before = tableCounts(w.store);
    const ctx = await importFile(w, fixture('jrnl.json'), { from: 'jrnl' });
    expect(ctx.io.stderr()).toBe('Imported 0 entries; skipped 4 already there.\n');
    expect(tableCounts(w.store)).toEqual(before);
  });
});

describe('import --from daylio', () => {
  it('stops on the custom mood without --mood-map, naming it, and writes nothing', async () => {
    const w = world();
    const before = tableCounts(w.store);
    const err = await rejection(importFile(w, fixture('daylio.csv'), { from: 'daylio' }));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('uses mood labels integrate does not know: "so-so"');
    expect(err.message).toContain('--mood-map "so-so=6"');
    expect(tableCounts(w.store)).toEqual(before);
  });

  it('imports the new layout with a BOM: moods mapped, times read, notes cleaned, activities sorted into practices and tags', async () => {
    const w = world();
    const ctx = await importFile(w, fixture('daylio.csv'), { from: 'daylio', moodMap: ['So-So=4'] });
    expect(ctx.io.stderr()).toBe('Imported 5 entries; skipped 0 already there.\n');
    expect(seen(w)).toEqual([
      { at: '2026-03-12 00:05', offset: 60, day: '2026-03-12', kind: 'checkin', text: "Couldn't sleep", tags: [], practices: [], metrics: { mood: 5 }, starred: false },
      { at: '2026-03-13 12:30', offset: 60, day: '2026-03-13', kind: 'checkin', text: '', tags: ['friends'], practices: ['breathwork'], metrics: { mood: 10 }, starred: false },
      { at: '2026-03-14 22:00', offset: 60, day: '2026-03-14', kind: 'checkin', text: 'Hard evening\n\nThought about the session, the music, the room\nand then\nit all came back & I cried. She said "breathe" and I did.', tags: [], practices: [], metrics: { mood: 1 }, starred: false },
      { at: '2026-03-15 08:05', offset: 60, day: '2026-03-15', kind: 'checkin', text: 'Morning\n\nSlept well\nCoffee & a walk by the river', tags: [], practices: ['nature', 'yoga'], metrics: { mood: 8 }, starred: false },
      { at: '2026-03-15 21:40', offset: 60, day: '2026-03-15', kind: 'checkin', text: '', tags: ['family', 'reading'], practices: ['meditation'], metrics: { mood: 4 }, starred: false },
    ]);
    // Imported history is not a new low-mood check-in: no safety flags.
    expect(tableCounts(w.store).safety_flags).toBe(0);
  });

  it('imports the old layout (no note_title)', async () => {
    const w = world();
    await importFile(w, fixture('daylio-old.csv'), { from: 'daylio' });
    expect(seen(w).map((e) => [e.at, e.metrics.mood, e.practices, e.tags, e.text])).toEqual([
      ['2025-12-29 14:58', 5, [], [], 'Could be better'],
      ['2025-12-30 09:15', 3, [], ['bad-sleep', 'work'], ''],
      ['2025-12-31 23:50', 10, ['music'], ['friends'], "New year's eve, calm for once"],
    ]);
  });

  it('is idempotent, and --dry-run reports the counts without writing', async () => {
    const w = world();
    const dry = await importFile(w, fixture('daylio.csv'), { from: 'daylio', moodMap: ['so-so=4'], dryRun: true });
    expect(dry.io.stderr()).toBe('Would import 5 entries; skipped 0 already there. Nothing was written (dry run).\n');
    expect(w.entries()).toEqual([]);
    expect(tableCounts(w.store).search_fts).toBe(0);

    await importFile(w, fixture('daylio.csv'), { from: 'daylio', moodMap: ['so-so=4'] });
    const before = tableCounts(w.store);
    const dryAgain = w.ctx();
    await runImport(fixture('daylio.csv'), { from: 'daylio', moodMap: ['so-so=4'], dryRun: true, json: true }, dryAgain);
    expect(JSON.parse(dryAgain.io.stdout())).toEqual({ dryRun: true, added: 0, duplicates: 5, conflicts: 0, replaced: 0, sessionsAdded: 0, intentionsAdded: 0, safety: { risk: 0, mention: 0 }, warnings: [] });
    const again = await importFile(w, fixture('daylio.csv'), { from: 'daylio', moodMap: ['so-so=4'] });
    expect(again.io.stderr()).toBe('Imported 0 entries; skipped 5 already there.\n');
    expect(tableCounts(w.store)).toEqual(before);
  });

  it.each(['so-so', 'so-so=11', '=4', 'so-so=four'])('rejects --mood-map %j', async (pair) => {
    const err = await rejection(importFile(world(), fixture('daylio.csv'), { from: 'daylio', moodMap: [pair] }));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/^--mood-map ".*" must look like LABEL=N with N from 0 to 10/);
  });
});

describe('import --from dayone', () => {
  it('keeps each entry in its own time zone and day, unescapes text, marks photos, keeps stars and tags', async () => {
    const w = world();
    const ctx = await importFile(w, fixture('dayone.json'), { from: 'dayone' });
    expect(ctx.io.stderr()).toBe('Imported 3 entries; skipped 0 already there.\n');
    expect(seen(w)).toEqual([
      { at: '2026-02-09 19:15', offset: -480, day: '2026-02-09', kind: 'journal', starred: true, metrics: {}, practices: [], tags: ['integration', 'therapy-notes'],
        text: 'Session 3 debrief. The room felt warm - almost too warm!\n\n[photo]\n\nThings to bring up: (1) the music, (2) my #1 fear. Costs nothing, file_name_here.' },
      { at: '2026-07-04 12:00', offset: 120, day: '2026-07-04', kind: 'journal', starred: false, metrics: {}, practices: [], tags: [],
        text: 'A quiet morning in the garden.\n- tomatoes\n- basil' },
      { at: '2026-11-02 08:30', offset: 540, day: '2026-11-02', kind: 'journal', starred: false, metrics: {}, practices: [], tags: ['travel'],
        text: 'Landed. Jet lag, but calm.\n\n[photo]' },
    ]);
    // Shown and exported in the zone it was written in.
    const doc = await exportJson(w);
    expect(doc.entries.map((e) => e.createdAt)).toEqual(['2026-02-09T19:15:00-08:00', '2026-07-04T12:00:00+02:00', '2026-11-02T08:30:00+09:00']);
    const again = await importFile(w, fixture('dayone.json'), { from: 'dayone' });
    expect(again.io.stderr()).toBe('Imported 0 entries; skipped 3 already there.\n');
  });

  it('reads the file from stdin with "-"', async () => {
    const w = world();
    const ctx = w.ctx({ stdin: fs.readFileSync(fixture('dayone.json'), 'utf8') });
    await runImport('-', { from: 'dayone', json: true }, ctx);
    expect(JSON.parse(ctx.io.stdout())).toMatchObject({ added: 3, duplicates: 0 });
  });
});

describe('import: malformed files change nothing', () => {
  it.each([
    ['integrate', 'integrate-malformed.json', /^entry 2: field "createdAt" must be ISO 8601 with an offset/],
    ['jrnl', 'jrnl-malformed.json', /^entry 2: field "time" must be HH:MM; got "quarter past nine"/],
    ['daylio', 'daylio-malformed.csv', /^line 4: field "time" must look like "10:00 pm" or "18:52"; got "half past nine"/],
    ['dayone', 'dayone-malformed.json', /^entry 2 \(9F8E7D6C5B4A39281706F5E4D3C2B1A0\): field "creationDate" must be an ISO 8601 date-time with a zone, e\.g\. 2026-11-21T10:15:00\+01:00; got "last tuesday"/],
  ])('--from %s: a UsageError naming the record and field, every table unchanged', async (from, name, message) => {
    const w = world();
    await seedVaried(w);
    await importFile(w, fixture('jrnl.json'), { from: 'jrnl' });
    const before = tableCounts(w.store);
    const err = await rejection(importFile(w, fixture(name), { from }));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/Nothing was imported\.$/);
    expect(tableCounts(w.store)).toEqual(before);
  });

  it('a repeated answer id (which the database would refuse mid-write) is named, and nothing is written', async () => {
    const a = world();
    await seedVaried(a);
    const doc = await exportJson(a);
    const reflection = doc.entries.find((e) => e.kind === 'journal')!;
    const answers = reflection.answers as Record<string, unknown>[];
    answers.push({ ...answers[0]!, position: 99 });
    const file = tmpFile('dup.json', JSON.stringify(doc));
    const b = world();
    await importFile(b, fixture('jrnl.json'), { from: 'jrnl' });
    const before = tableCounts(b.store);
    const err = await rejection(importFile(b, file));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('entry 5: field "answers.8.question" repeats "mood", which an earlier answer has. Nothing was imported.');
    expect(tableCounts(b.store)).toEqual(before);
  });

  it.each([
    ['not JSON at all', 'this is not json', /^the file: is not valid JSON/],
    ['another format', '{"format": "jrnl", "version": 1, "entries": []}', /^the file: field "format"/],
    ['a newer version', '{"format": "integrate", "version": 2, "entries": []}', /^the file: is export format version 2; this integrate reads version 1/],
  ])('integrate: rejects %s', async (_name, content, message) => {
    const w = world();
    const err = await rejection(importFile(w, tmpFile('x.json', content)));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(message);
  });

  it('rejects an unknown --from, a missing file and a folder', async () => {
    const w = world();
    const unknown = await rejection(importFile(w, fixture('jrnl.json'), { from: 'evernote' }));
    expect(unknown).toBeInstanceOf(UsageError);
    expect(unknown.message).toBe('--from must be one of integrate, jrnl, daylio, dayone; got "evernote".');
    const missing = await rejection(importFile(w, path.join(tmpDir(), 'nope.json')));
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing.message).toMatch(/^Cannot read the import file .*nope\.json: it does not exist\.$/);
    const folder = await rejection(importFile(w, tmpDir()));
    expect(folder).toBeInstanceOf(UsageError);
    expect(w.entries()).toEqual([]);
  });
});

// ---------------------------------------------------------------- backup and doctor (real files)

/** A real database file in a temp folder, opened the way the CLI opens it. */
function fileWorld(opts: { isDefault?: boolean } = {}) {
  const dir = tmpDir();
  const file = path.join(dir, 'integrate.db');
  const opened = openDatabase(file, { create: true, ownsDirectory: false })!;
  const store = new Store(opened.db, opened.path);
  const ctx = (ctxOpts: TestCtxOptions = {}) => ({
    ...createTestCtx({ now: NOW, ...ctxOpts, store }),
    dbPath: () => ({ path: file, isDefault: Boolean(opts.isDefault) }),
  });
  return { dir, file, store, ctx, close: () => store.close() };
}

const openedWorlds: { close(): void }[] = [];
afterEach(() => {
  for (const w of openedWorlds.splice(0)) w.close();
});
function fileWorldOpen(opts: { isDefault?: boolean } = {}) {
  const w = fileWorld(opts);
  openedWorlds.push(w);
  return w;
}

async function seedFile(w: ReturnType<typeof fileWorld>) {
  await runCheckin({ mood: '6', tag: ['family'], practice: ['yoga'], note: 'one' }, w.ctx());
  await runCheckin({ mood: '3', note: 'two', date: '2026-11-20 09:00' }, w.ctx());
  await runSessionAdd({ route: 'oral', date: '2026-11-18 10:00', note: 'quiet' }, w.ctx());
  await runIntentionsAdd('Walk', {}, w.ctx());
}

function countsOf(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return tableCounts(new Store(db, file));
  } finally {
    db.close();
  }
}

describe('backup', () => {
  it('writes a 0600 copy that opens, passes integrity_check and has the same rows; prints its path', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    const target = path.join(tmpDir(), 'copy.db');
    const ctx = w.ctx();
    await runBackup(target, ctx);
    expect(ctx.io.stdout()).toBe(`${target}\n`);
    expect(ctx.io.stderr()).toBe('Backup written: ');
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['copy.db']);
    const copy = new Database(target, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    } finally {
      copy.close();
    }
    expect(countsOf(target)).toEqual(tableCounts(w.store));
    expect(tableCounts(w.store)).toMatchObject({ entries: 2, sessions: 1, intentions: 1 });
  });

  it('is consistent while another connection holds an open write transaction', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    const committed = tableCounts(w.store);
    const other = new Database(w.file);
    try {
      other.pragma('busy_timeout = 100');
      other.exec('BEGIN IMMEDIATE');
      other.prepare(`INSERT INTO entries (id, created_at, utc_offset, local_date, kind, text) VALUES ('uncommitted', '2026-11-21T09:00:00.000Z', 60, '2026-11-21', 'checkin', 'half written')`).run();
      const target = path.join(tmpDir(), 'during-write.db');
      await runBackup(target, w.ctx());
      const copy = new Database(target, { readonly: true, fileMustExist: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        copy.close();
      }
      expect(countsOf(target)).toEqual(committed);
      other.exec('COMMIT');
    } finally {
      other.close();
    }
    expect(tableCounts(w.store).entries).toBe(committed.entries! + 1);
  });

  it('names the copy after the local time, next to the database, by default', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    const ctx = w.ctx();
    await runBackup(undefined, ctx);
    const expected = path.join(w.dir, 'integrate-backup-20261121-110000.db');
    expect(ctx.io.stdout()).toBe(`${expected}\n`);
    expect(fs.statSync(expected).mode & 0o777).toBe(0o600);
  });

  it('never overwrites a file, nor the database itself', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    const existing = tmpFile('precious.db', 'my other data');
    const err = await rejection(runBackup(existing, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(`${existing} already exists; choose another name (a backup never overwrites a file).`);
    expect(fs.readFileSync(existing, 'utf8')).toBe('my other data');
    const self = await rejection(runBackup(w.file, w.ctx()));
    expect(self).toBeInstanceOf(UsageError);
    // The default name is taken too: a second run in the same second refuses.
    await runBackup(undefined, w.ctx());
    expect(await rejection(runBackup(undefined, w.ctx()))).toBeInstanceOf(UsageError);
  });

  it('leaves alone a file that happens to carry the name of its temp file', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    const dir = tmpDir();
    const target = path.join(dir, 'copy.db');
    fs.writeFileSync(`${target}.partial`, 'not mine to delete');
    await runBackup(target, w.ctx());
    expect(fs.readFileSync(`${target}.partial`, 'utf8')).toBe('not mine to delete');
    expect(fs.readdirSync(dir).sort()).toEqual(['copy.db', 'copy.db.partial']);
    expect(countsOf(target)).toEqual(tableCounts(w.store));
  });

  it('fails cleanly (UsageError, no partial file) when the folder does not exist, and refuses without a database', async () => {
    const w = fileWorldOpen();
    const dir = tmpDir();
    const err = await rejection(runBackup(path.join(dir, 'missing', 'copy.db'), w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/Nothing was written\.$/);
    expect(fs.readdirSync(dir)).toEqual([]);
    const none = { ...createTestCtx({ now: NOW }), existingStore: () => undefined, dbPath: () => ({ path: '/nowhere/integrate.db', isDefault: false }) };
    const missing = await rejection(runBackup(path.join(dir, 'x.db'), none));
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing.message).toBe('There is no database at /nowhere/integrate.db yet, so nothing to back up.');
  });
});

interface DoctorJson {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string; fixed?: boolean }[];
  counts: Record<string, number>;
}

async function doctorJson(ctx: ReturnType<ReturnType<typeof fileWorld>['ctx']>, fix = false): Promise<{ report: DoctorJson; error?: Error }> {
  let error: Error | undefined;
  try {
    await runDoctor({ json: true, fix }, ctx);
  } catch (err) {
    error = err as Error;
  }
  return { report: JSON.parse(ctx.io.stdout()) as DoctorJson, error };
}

const check = (report: DoctorJson, name: string) => report.checks.find((c) => c.name === name);

describe('doctor', () => {
  it('reports a healthy database: path, schema, integrity, references, WAL, permissions, counts', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    const { report, error } = await doctorJson(w.ctx());
    expect(error).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['database', true], ['schema', true], ['schema objects', true], ['table columns', true], ['integrity', true], ['references', true], ['stored values', true], ['journal', true], ['encryption', true],
      ['file permissions', true], ['wal permissions', true], ['shm permissions', true], ['owners', true], ['folder', true],
    ]);
    expect(check(report, 'database')!.detail).toMatch(new RegExp(`^${w.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ KB\\)$`));
    expect(check(report, 'schema')!.detail).toBe(`version ${LATEST_VERSION} (this integrate: ${LATEST_VERSION})`);
    expect(check(report, 'integrity')!.detail).toBe('ok');
    expect(check(report, 'journal')!.detail).toMatch(/^wal, (WAL file \d+ KB|no WAL file)$/);
    expect(check(report, 'file permissions')!.detail).toBe('600');
    expect(report.counts).toEqual({
      entries: 2, entry_metrics: 2, entry_tags: 1, entry_practices: 1, entry_answers: 0, sessions: 1, intentions: 1, drafts: 0, safety_flags: 0,
    });
  });

  it('prints one line per check and the row counts as text', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    const ctx = w.ctx();
    await runDoctor({}, ctx);
    const lines = ctx.io.stdout().trimEnd().split('\n');
    expect(lines.map((l) => l.slice(0, 3).trim())).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', '']);
    expect(lines[1]).toBe(`ok  schema             version ${LATEST_VERSION} (this integrate: ${LATEST_VERSION})`);
    expect(lines.at(-1)).toBe('    rows               entries 2, entry_metrics 2, entry_tags 1, entry_practices 1, entry_answers 0, sessions 1, intentions 1, drafts 0, safety_flags 0');
  });

  it('flags permissions loosened while open, exits with a DataError, and --fix tightens them', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    fs.chmodSync(w.file, 0o644);
    const { report, error } = await doctorJson(w.ctx());
    expect(error).toBeInstanceOf(DataError);
    expect(error!.message).toMatch(/^Something needs attention \(marked !!\)\. Make a backup first \(integrate backup\)/);
    expect(report.ok).toBe(false);
    expect(check(report, 'file permissions')).toEqual({ name: 'file permissions', ok: false, detail: '644: readable by others; run integrate doctor --fix' });

    const fixed = await doctorJson(w.ctx(), true);
    expect(fixed.error).toBeUndefined();
    expect(check(fixed.report, 'file permissions')).toEqual({ name: 'file permissions', ok: true, detail: '644 → 600', fixed: true });
    expect(fs.statSync(w.file).mode & 0o777).toBe(0o600);
    expect((await doctorJson(w.ctx())).report.ok).toBe(true);
  });

  it('names a column dropped by another tool, and one added; --fix changes neither (what the lost one held is gone) and points to a copy from before', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    w.store.db.exec('ALTER TABLE entries DROP COLUMN private; ALTER TABLE sessions ADD COLUMN colour TEXT; DROP INDEX entries_pack');
    const before = fs.readdirSync(path.dirname(w.file)).sort();
    for (const fix of [false, true]) {
      const { report, error } = await doctorJson(w.ctx(), fix);
      expect(error).toBeInstanceOf(DataError);
      expect(check(report, 'table columns')).toEqual({
        name: 'table columns', ok: false,
        detail: 'entries.private: missing, so commands reading its table fail; sessions.colour: not created by integrate (left as it is); put back a copy of the database from before the change',
      });
      expect(check(report, 'schema objects')).toEqual({
        name: 'schema objects', ok: false,
        detail: 'index entries_pack: missing (integrate creates it); left as they are while the table columns below are not as integrate made them',
      });
    }
    // No backup was made, because nothing was changed.
    expect(fs.readdirSync(path.dirname(w.file)).sort()).toEqual(before);
    expect(w.store.db.prepare("SELECT count(*) AS n FROM pragma_table_xinfo('entries') WHERE name = 'private'").get()).toEqual({ n: 0 });
  });

  it('names times and numbers another program wrote that integrate cannot read, with the first few rows', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    const ids = w.store.entries.list().map((e) => e.id.slice(0, 8));
    w.store.db.exec("UPDATE entries SET created_at = 'yesterday'; UPDATE entry_metrics SET value = 'six'; UPDATE sessions SET utc_offset = 5000");
    const { report, error } = await doctorJson(w.ctx());
    expect(error).toBeInstanceOf(DataError);
    const detail = check(report, 'stored values')!.detail;
    expect(detail).toMatch(/^entries\.created_at: 2 values not as integrate writes them \(entry [0-9a-f]{8}, [0-9a-f]{8}\); entry_metrics\.value: 2 values not as integrate writes them \(entry [0-9a-f]{8}, [0-9a-f]{8}\); sessions\.utc_offset: 1 value not as integrate writes them \(session [0-9a-f]{8}\); written by another program\? Commands showing them may fail or show them wrongly: correct or delete those entries \(integrate edit, integrate delete\), or put back a copy of the database from before the change$/);
    for (const id of ids) expect(detail).toContain(id);
  });

  it('a renamed column is named as what it may be, and how to get it back', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    w.store.db.exec('ALTER TABLE intentions RENAME COLUMN due_date TO due');
    const { report } = await doctorJson(w.ctx());
    expect(check(report, 'table columns')!.detail).toBe(
      'intentions.due_date: missing, so commands reading its table fail; intentions.due may be due_date renamed (renaming it back restores it); put back a copy of the database from before the change',
    );
  });

  it('names an index and a search trigger that were dropped; --fix restores them after a backup, and search finds what was written meanwhile', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    w.store.db.exec('DROP INDEX entries_local_date; DROP TRIGGER entries_search_ai;');
    await runCheckin({ mood: '7', note: 'lighthouse' }, w.ctx());
    const { report, error } = await doctorJson(w.ctx());
    expect(error).toBeInstanceOf(DataError);
    expect(check(report, 'schema objects')).toEqual({
      name: 'schema objects', ok: false,
      detail: 'index entries_local_date, trigger entries_search_ai: missing (integrate creates them); run integrate doctor --fix to restore them (after a backup)',
    });
    const fixed = await doctorJson(w.ctx(), true);
    expect(fixed.error).toBeUndefined();
    expect(check(fixed.report, 'schema objects')).toMatchObject({ ok: true, fixed: true, detail: expect.stringMatching(/^restored index entries_local_date, trigger entries_search_ai; the database as it was is in .*integrate-before-fix-.*\.db$/) });
    expect(fs.readdirSync(w.dir).filter((f) => f.startsWith('integrate-before-fix-'))).toHaveLength(1);
    const search = w.ctx();
    await runSearch('lighthouse', {}, search);
    expect(search.io.stdout()).toContain('lighthouse');
    expect((await doctorJson(w.ctx())).report.ok).toBe(true);
  });

  it('checks the folder only when it is integrate\'s own data folder', async () => {
    const w = fileWorldOpen({ isDefault: true });
    fs.chmodSync(w.dir, 0o755);
    const { report, error } = await doctorJson(w.ctx());
    expect(error).toBeInstanceOf(DataError);
    expect(check(report, 'folder permissions')).toMatchObject({ ok: false, detail: '755: readable by others; run integrate doctor --fix' });
    const fixed = await doctorJson(w.ctx(), true);
    expect(fixed.error).toBeUndefined();
    expect(fs.statSync(w.dir).mode & 0o777).toBe(0o700);
  });

  it('reports an old schema version, broken references and a journal mode other than WAL', async () => {
    const w = fileWorldOpen();
    await seedFile(w);
    w.store.db.pragma('foreign_keys = OFF');
    w.store.db.prepare(`INSERT INTO entry_tags (entry_id, tag) VALUES ('gone', 'orphan')`).run();
    w.store.db.pragma('foreign_keys = ON');
    w.store.db.pragma(`user_version = ${LATEST_VERSION - 1}`);
    w.store.db.pragma('journal_mode = DELETE');
    const { report, error } = await doctorJson(w.ctx());
    expect(error).toBeInstanceOf(DataError);
    expect(check(report, 'schema')).toEqual({ name: 'schema', ok: false, detail: `version ${LATEST_VERSION - 1} (this integrate: ${LATEST_VERSION})` });
    expect(check(report, 'references')).toEqual({ name: 'references', ok: false, detail: '1 broken references' });
    expect(check(report, 'journal')).toEqual({ name: 'journal', ok: false, detail: 'delete, no WAL file' });
    expect(check(report, 'integrity')!.ok).toBe(true);
  });

  it('migrates a database from an older version when it opens it, indexing the old text for search', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'old.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    migrate(raw, LATEST_VERSION - 1);
    raw.prepare(`INSERT INTO entries (id, created_at, utc_offset, local_date, kind, text) VALUES ('0ld-ent1', '2026-01-02T09:00:00.000Z', 60, '2026-01-02', 'checkin', 'written before search existed')`).run();
    raw.close();
    fs.chmodSync(file, 0o600);

    const opened = openDatabase(file, { create: false, ownsDirectory: false })!;
    const store = new Store(opened.db, opened.path);
    openedWorlds.push(store);
    const ctx = { ...createTestCtx({ now: NOW, store }), dbPath: () => ({ path: file, isDefault: false }) };
    await runDoctor({ json: true }, ctx);
    const report = JSON.parse(ctx.io.stdout()) as DoctorJson;
    expect(report.ok).toBe(true);
    expect(check(report, 'schema')!.detail).toBe(`version ${LATEST_VERSION} (this integrate: ${LATEST_VERSION})`);
    expect(report.counts.entries).toBe(1);
    const found = { ...createTestCtx({ now: NOW, store }) };
    await runSearch('search', { json: true }, found);
    expect(JSON.parse(found.io.stdout())).toEqual([expect.objectContaining({ id: '0ld-ent1' })]);
  });

  it('says so, and is healthy, when there is no database yet', async () => {
    const ctx = { ...createTestCtx({ now: NOW }), existingStore: () => undefined, dbPath: () => ({ path: '/nowhere/integrate.db', isDefault: false }) };
    await runDoctor({ json: true }, ctx);
    expect(JSON.parse(ctx.io.stdout())).toEqual({
      ok: true, checks: [{ name: 'database', ok: true, detail: '/nowhere/integrate.db does not exist yet (it is created on the first check-in)' }], counts: {},
    });
  });
});
