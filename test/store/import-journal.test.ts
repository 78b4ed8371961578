// How an import writes a journal file: into a journal with no entries it
// writes through a rollback journal with foreign-key lookups off (each page
// written once, no lookup per row), and puts the WAL and the checks back at
// the end, whether the import finished, failed or was a dry run. A journal
// that has entries, or that another connection has open, keeps the WAL
// throughout, so others can read while it runs.
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineImporter, importInto, openText, type FlagReader, type Importer, type WordFlag } from '../../src/formats/import.js';
import { textFlag } from '../../src/domain/safety.js';
import { IMPORTERS } from '../../src/formats/importers/index.js';
import { UsageError } from '../../src/errors.js';
import { Store } from '../../src/store/index.js';
import { openDatabase } from '../../src/store/open.js';
import { insertEntry } from '../helpers/world.js';

let dir: string;
const closing: { close(): void }[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-import-journal-'));
});

afterEach(() => {
  for (const c of closing.splice(0)) c.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function journal(name = 'journal.db'): Store {
  const file = path.join(dir, name);
  const { db } = openDatabase(file, { create: true, ownsDirectory: false })!;
  closing.push(db);
  return new Store(db, file);
}

const pragmas = (db: Database.Database) => ({
  journalMode: String(db.pragma('journal_mode', { simple: true })),
  foreignKeys: Number(db.pragma('foreign_keys', { simple: true })),
});

const entryJson = (i: number) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, createdAt: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00+01:00`,
  kind: 'checkin', pack: null, metrics: { mood: i % 11, sleep: 7 }, practices: ['breathwork'], tags: ['work'], text: `a morning by the river ${i}`,
  private: false, starred: false,
});

const exportFile = (n: number) => Buffer.from(JSON.stringify({ format: 'integrate', version: 1, entries: Array.from({ length: n }, (_, i) => entryJson(i)) }));

/** The integrate importer, noting the journal's pragmas while its records are being written. */
function watching(store: Store): { importer: Importer; seen: ReturnType<typeof pragmas>[] } {
  const seen: ReturnType<typeof pragmas>[] = [];
  const inner = IMPORTERS.get('integrate')!;
  const importer = defineImporter({
    name: 'integrate',
    description: 'watched',
    read(text, options, sink) {
      seen.push(pragmas(store.db));
      inner.read(text, options, sink);
    },
  });
  return { importer, seen };
}

const run = (store: Store, importer: Importer, file: Buffer, dryRun = false) =>
  importInto(store, importer, openText([file]), { moodMap: new Map() }, { dryRun, now: new Date('2026-11-30T12:00:00Z') });

const NOTHING_DANGLING = (db: Database.Database) => db.pragma('foreign_key_check');

describe('import into a journal file', () => {
  it('into an empty journal writes through a rollback journal without foreign-key lookups, then restores both', () => {
    const store = journal();
    const { importer, seen } = watching(store);
    const report = run(store, importer, exportFile(300));
    expect(report.added).toBe(300);
    expect(seen).toEqual([{ journalMode: 'delete', foreignKeys: 0 }]);
    expect(pragmas(store.db)).toEqual({ journalMode: 'wal', foreignKeys: 1 });
    expect(NOTHING_DANGLING(store.db)).toEqual([]);
    expect(store.db.prepare('SELECT count(*) AS n FROM entry_metrics').get()).toEqual({ n: 600 });
    expect(fs.existsSync(path.join(dir, 'journal.db-journal'))).toBe(false);
    // What it wrote is there for another process, and later writes are checked again.
    const other = new Database(path.join(dir, 'journal.db'), { readonly: true });
    closing.push(other);
    expect(other.prepare('SELECT count(*) AS n FROM entries').get()).toEqual({ n: 300 });
    expect(() => store.db.prepare("INSERT INTO entry_tags (entry_id, tag) VALUES ('no-such-entry', 'x')").run()).toThrow(/FOREIGN KEY/);
  });

  it('beforeCommit runs once, inside the transaction, after everything is written and indexed; not for a dry run', () => {
    for (const existing of [false, true]) {
      const store = journal(`commit-${existing}.db`);
      if (existing) insertEntry(store, { text: 'already here' });
      const seen: unknown[] = [];
      const beforeCommit = () => seen.push({
        inTransaction: store.db.inTransaction,
        entries: (store.db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n,
        indexed: (store.db.prepare("SELECT count(*) AS n FROM search_fts WHERE kind = 'entry'").get() as { n: number }).n,
        trigger: store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'entries_search_ai'").get(),
      });
      const at = { dryRun: false, now: new Date('2026-11-30T12:00:00Z'), beforeCommit };
      importInto(store, IMPORTERS.get('integrate')!, openText([exportFile(40)]), { moodMap: new Map() }, at);
      const n = existing ? 41 : 40;
      expect(seen).toEqual([{ inTransaction: true, entries: n, indexed: n, trigger: { n: 1 } }]);
      importInto(store, IMPORTERS.get('integrate')!, openText([exportFile(45)]), { moodMap: new Map() }, { ...at, dryRun: true });
      expect(seen).toHaveLength(1);
    }
  });

  it('restores the WAL and the checks after a failed import and after a dry run, and writes nothing', () => {
    const store = journal();
    const broken = JSON.parse(exportFile(50).toString()) as { entries: { metrics: Record<string, number> }[] };
    broken.entries[40]!.metrics.mood = 12;
    expect(() => run(store, IMPORTERS.get('integrate')!, Buffer.from(JSON.stringify(broken)))).toThrow(UsageError);
    expect(pragmas(store.db)).toEqual({ journalMode: 'wal', foreignKeys: 1 });
    const dry = watching(store);
    expect(run(store, dry.importer, exportFile(20), true).added).toBe(20);
    expect(dry.seen).toEqual([{ journalMode: 'delete', foreignKeys: 0 }]);
    expect(pragmas(store.db)).toEqual({ journalMode: 'wal', foreignKeys: 1 });
    expect(store.db.prepare('SELECT count(*) AS n FROM entries').get()).toEqual({ n: 0 });
  });

  it('into an empty journal builds the keys and indexes of entries\' rows once, at the end; a repeated tag is stored once', () => {
    const store = journal();
    const schema = () => store.db.prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name LIKE 'entry%' ORDER BY name",
    ).all();
    const before = schema();
    expect(before.map((i) => i.name)).toContain('entry_tags_key');
    const during: string[][] = [];
    const inner = IMPORTERS.get('integrate')!;
    const importer = defineImporter({
      name: 'integrate', description: 'watched',
      read(text, options, sink) {
        during.push(schema().map((i) => i.name));
        inner.read(text, options, sink);
      },
    });
    const doc = JSON.parse(exportFile(40).toString()) as { entries: { tags: string[]; practices: string[] }[] };
    doc.entries[7]!.tags = ['work', 'work', 'rest'];
    doc.entries[8]!.practices = ['breathwork', 'breathwork'];
    expect(run(store, importer, Buffer.from(JSON.stringify(doc))).added).toBe(40);
    expect(during).toEqual([[]]);
    expect(schema()).toEqual(before);
    expect(store.db.prepare('SELECT count(*) AS n FROM entry_tags').get()).toEqual({ n: 41 });
    expect(store.db.prepare('SELECT count(*) AS n FROM entry_practices').get()).toEqual({ n: 40 });
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a key that repeats anyway (an importer that let one through) fails the import at the end: nothing written, the keys back', () => {
    const store = journal();
    const before = store.db.prepare("SELECT name, sql FROM sqlite_master ORDER BY name").all();
    const importer = defineImporter({
      name: 'integrate', description: 'careless',
      read(_text, _options, sink) {
        const answer = { questionId: 'q', position: 0, type: 'text' as const, prompt: 'P?', value: 'a', insight: false, discuss: false, role: null };
        sink.entry({
          entry: { id: '00000000-0000-4000-8000-00000000000a', createdAt: '2026-11-01T08:00:00.000Z', utcOffset: 0, localDate: '2026-11-01', kind: 'journal', pack: 'mine',
            private: false, starred: false, text: '', metrics: {}, practices: [], tags: [] },
          answers: [answer, { ...answer, position: 1 }],
        });
      },
    });
    expect(() => run(store, importer, exportFile(1))).toThrow(/UNIQUE/);
    expect(store.db.prepare("SELECT name, sql FROM sqlite_master ORDER BY name").all()).toEqual(before);
    expect(store.db.prepare('SELECT count(*) AS n FROM entries').get()).toEqual({ n: 0 });
    expect(pragmas(store.db)).toEqual({ journalMode: 'wal', foreignKeys: 1 });
  });

  it('keeps the WAL and the checks when the journal has entries', () => {
    const store = journal();
    insertEntry(store, { text: 'already here' });
    const { importer, seen } = watching(store);
    expect(run(store, importer, exportFile(30)).added).toBe(30);
    expect(seen).toEqual([{ journalMode: 'wal', foreignKeys: 1 }]);
    expect(pragmas(store.db)).toEqual({ journalMode: 'wal', foreignKeys: 1 });
  });

  it('keeps the WAL when another connection has the journal open, and that connection reads on', () => {
    const store = journal();
    const other = new Database(path.join(dir, 'journal.db'));
    closing.push(other);
    expect(other.prepare('SELECT count(*) AS n FROM entries').get()).toEqual({ n: 0 });
    const { importer, seen } = watching(store);
    expect(run(store, importer, exportFile(30)).added).toBe(30);
    expect(seen).toEqual([{ journalMode: 'wal', foreignKeys: 1 }]);
    expect(other.prepare('SELECT count(*) AS n FROM entries').get()).toEqual({ n: 30 });
    expect(pragmas(store.db)).toEqual({ journalMode: 'wal', foreignKeys: 1 });
  });
});

describe('the search index while the import waits', () => {
  /** A reader on "another thread" that keeps its readings back and waits every few records, as a busy worker makes the import do. */
  function waitingReader(): FlagReader & { steps: number } {
    let work: (() => boolean) | undefined;
    let queue: { texts: string[]; done: (flag: WordFlag | undefined) => void }[] = [];
    const deliver = () => {
      const now = queue;
      queue = [];
      for (const q of now) q.done(textFlag(q.texts));
    };
    const reader = {
      steps: 0,
      read(texts: string[], done: (flag: WordFlag | undefined) => void) {
        queue.push({ texts, done });
        if (queue.length < 70) return;
        while (work?.()) reader.steps++;
        deliver();
      },
      settle: deliver,
      whileWaiting(w: (() => boolean) | undefined) {
        work = w;
      },
      close() {},
    };
    return reader;
  }

  const searchRows = (store: Store) => store.db.prepare('SELECT rowid, body, kind, ref FROM search_fts ORDER BY rowid').raw().all();

  it('filled a few hundred entries at a time is row for row the index filled at once, into an empty journal and one with entries', () => {
    for (const existing of [false, true]) {
      const stores = [journal(`a${existing}.db`), journal(`b${existing}.db`)];
      if (existing) for (const s of stores) insertEntry(s, { id: '0000eeee-0000-4000-8000-000000000000', text: 'already here' });
      const doc = JSON.parse(exportFile(1500).toString()) as { entries: { text: string }[] };
      doc.entries.forEach((e, i) => { if (i % 9 === 0) e.text = ''; });
      const file = Buffer.from(JSON.stringify(doc));
      const atOnce = run(stores[0]!, IMPORTERS.get('integrate')!, file);
      const reader = waitingReader();
      const stepwise = importInto(stores[1]!, IMPORTERS.get('integrate')!, openText([file]), { moodMap: new Map() }, { dryRun: false, now: new Date('2026-11-30T12:00:00Z'), reader });
      expect(stepwise).toEqual(atOnce);
      expect(reader.steps).toBeGreaterThan(3);
      expect(searchRows(stores[1]!)).toEqual(searchRows(stores[0]!));
      expect(searchRows(stores[1]!)).toHaveLength(1500 - 167 + (existing ? 1 : 0));
      // The insert trigger is back: the next entry is found.
      insertEntry(stores[1]!, { text: 'lighthouse' });
      expect(stores[1]!.db.prepare("SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'lighthouse'").get()).toEqual({ n: 1 });
    }
  });
});

describe('readings that come back late', () => {
  /** A reader on "another thread" that gives nothing back until settle(), noting the journal as it is then. */
  function lateReader(store: Store): FlagReader & { atSettle?: { entries: number; indexes: number; searchRows: number; flags: number } } {
    const queue: { texts: string[]; done: (flag: WordFlag | undefined) => void }[] = [];
    const reader: FlagReader & { atSettle?: { entries: number; indexes: number; searchRows: number; flags: number } } = {
      read: (texts, done) => void queue.push({ texts, done }),
      settle() {
        const count = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n;
        reader.atSettle ??= {
          entries: count('SELECT count(*) AS n FROM entries'),
          indexes: count("SELECT count(*) AS n FROM sqlite_master WHERE type IN ('index', 'trigger')"),
          searchRows: count('SELECT count(*) AS n FROM search_fts'),
          flags: count('SELECT count(*) AS n FROM safety_flags'),
        };
        for (const q of queue.splice(0)) q.done(textFlag(q.texts));
      },
      close() {},
    };
    return reader;
  }

  /** Entries, a session and an intention whose words are flagged, in the file's order: flags of each kind interleaved. */
  const flaggedFile = () => {
    const entries = Array.from({ length: 400 }, (_, i) => ({
      ...entryJson(i),
      text: i % 50 === 7 ? `I keep thinking about killing myself ${i}` : i % 50 === 9 ? `we talked about suicide prevention at work ${i}` : `a morning by the river ${i}`,
    }));
    const sessions = [{
      id: '00000000-0000-4000-9000-000000000001', occurredAt: '2026-11-05T10:00:00+01:00', route: 'im', doseMg: 50, doseUnit: 'mg',
      setting: 'clinic', guide: '', intention: 'to stop wanting to die', notes: '', private: false,
    }];
    const intentions = [{
      id: '00000000-0000-4000-a000-000000000001', text: 'tell my therapist I thought about ending my life', createdAt: '2026-11-06T09:00:00+01:00',
      utcOffset: 60, sourceEntryId: null, status: 'open', dueDate: null, closedAt: null,
    }];
    return Buffer.from(JSON.stringify({ format: 'integrate', version: 1, entries, sessions, intentions }));
  };

  const tables = (store: Store) => Object.fromEntries(['entries', 'safety_flags', 'search_fts', 'entry_metrics'].map((t) =>
    [t, store.db.prepare(`SELECT rowid, * FROM ${t} ORDER BY rowid`).raw().all()]));

  it('never hold the import up: every entry is written and indexed first, and the flags are those of reading each at once, in file order', () => {
    for (const existing of [false, true]) {
      const atOnce = journal(`once${existing}.db`);
      const late = journal(`late${existing}.db`);
      if (existing) for (const s of [atOnce, late]) insertEntry(s, { id: '0000eeee-0000-4000-8000-000000000000', text: 'already here' });
      const indexesBefore = (late.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type IN ('index', 'trigger')").get() as { n: number }).n;
      const file = flaggedFile();
      const expected = run(atOnce, IMPORTERS.get('integrate')!, file);
      const reader = lateReader(late);
      const got = importInto(late, IMPORTERS.get('integrate')!, openText([file]), { moodMap: new Map() }, { dryRun: false, now: new Date('2026-11-30T12:00:00Z'), reader });
      expect(got).toEqual(expected);
      expect(got.safety.risk + got.safety.mention).toBeGreaterThan(8);
      // When the readings were asked for, the entries, their indexes and the search index were all in place, and no flag yet.
      expect(reader.atSettle).toEqual({ entries: 400 + (existing ? 1 : 0), indexes: indexesBefore, searchRows: 400 + 2 + (existing ? 1 : 0), flags: 0 });
      expect(tables(late)).toEqual(tables(atOnce));
      const sources = late.db.prepare('SELECT entry_id IS NOT NULL AS e, session_id IS NOT NULL AS s, intention_id IS NOT NULL AS i FROM safety_flags ORDER BY rowid').raw().all() as number[][];
      expect(sources.some(([, s]) => s === 1)).toBe(true);
      expect(sources.some(([, , i]) => i === 1)).toBe(true);
    }
  });

  it('--replace: a replaced entry gets the flags of its new words and loses those of its old ones, with either reader', () => {
    const fileWith = (texts: Record<number, string>) => Buffer.from(JSON.stringify({
      format: 'integrate', version: 1, entries: Array.from({ length: 20 }, (_, i) => ({ ...entryJson(i), text: texts[i] ?? `a morning by the river ${i}` })),
    }));
    const first = fileWith({ 3: 'I keep thinking about killing myself' });
    const second = fileWith({ 5: 'I want to kill myself tonight', 12: 'we talked about suicide prevention at work' });
    const flagsOf = (store: Store) => store.db.prepare('SELECT entry_id, kind FROM safety_flags ORDER BY rowid').raw().all();
    const results = [];
    for (const late of [false, true]) {
      const store = journal(`replace${late}.db`);
      run(store, IMPORTERS.get('integrate')!, first);
      expect(flagsOf(store)).toEqual([[entryJson(3).id, 'phrase']]);
      const reader = late ? lateReader(store) : undefined;
      const report = importInto(store, IMPORTERS.get('integrate')!, openText([second]), { moodMap: new Map() }, { dryRun: false, now: new Date('2026-11-30T12:00:00Z'), replace: true, reader });
      expect(report).toMatchObject({ replaced: 3, duplicates: 17, added: 0, safety: { risk: 1, mention: 1 } });
      results.push(flagsOf(store));
    }
    expect(results[0]).toEqual([[entryJson(5).id, 'phrase'], [entryJson(12).id, 'mention']]);
    expect(results[1]).toEqual(results[0]);
  });

  it('--replace: a replaced session or intention has its new words read, and keeps the flags it had', () => {
    const session = (notes: string) => ({
      id: '00000000-0000-4000-9000-000000000001', occurredAt: '2026-11-05T10:00:00+01:00', route: 'im', doseMg: 50, doseUnit: 'mg',
      setting: 'clinic', guide: '', intention: '', notes, private: false,
    });
    const intention = (text: string, sourceEntryId: string | null = null) => ({
      id: '00000000-0000-4000-a000-000000000001', text, createdAt: '2026-11-06T09:00:00+01:00', utcOffset: 60, sourceEntryId, status: 'open', dueDate: null, closedAt: null,
    });
    const linked = 'abcdef00-0000-4000-8000-00000000beef';
    const file = (notes: string, text: string, source: string | null = null) =>
      Buffer.from(JSON.stringify({ format: 'integrate', version: 1, entries: [{ ...entryJson(1), id: linked }], sessions: [session(notes)], intentions: [intention(text, source)] }));
    const flags = (store: Store) => store.db.prepare('SELECT session_id, intention_id, kind FROM safety_flags ORDER BY rowid').raw().all();
    for (const late of [false, true]) {
      const store = journal(`replace-si${late}.db`);
      run(store, IMPORTERS.get('integrate')!, file('a quiet room, music', 'call my sister'));
      expect(flags(store)).toEqual([]);
      const reader = late ? lateReader(store) : undefined;
      const report = importInto(store, IMPORTERS.get('integrate')!, openText([file('I want to kill myself', 'talk about the suicide prevention line with my therapist', linked.toUpperCase())]),
        { moodMap: new Map() }, { dryRun: false, now: new Date('2026-11-30T12:00:00Z'), replace: true, reader });
      expect(report).toMatchObject({ replaced: 2, duplicates: 1, safety: { risk: 1, mention: 1 } });
      expect(flags(store)).toEqual([['00000000-0000-4000-9000-000000000001', null, 'phrase'], [null, '00000000-0000-4000-a000-000000000001', 'mention']]);
      // A link to an entry written in capitals finds the entry (ids are lowercased on import).
      expect(store.intentions.get('00000000-0000-4000-a000-000000000001')!.sourceEntryId).toBe(linked);
      // Replaced again with calm words: the flags stay (as after an edit).
      importInto(store, IMPORTERS.get('integrate')!, openText([file('a quiet room', 'call my sister')]), { moodMap: new Map() },
        { dryRun: false, now: new Date('2026-11-30T13:00:00Z'), replace: true });
      expect(flags(store)).toHaveLength(2);
    }
  });

  it('a dry run counts the same flags and writes none', () => {
    const store = journal();
    const reader = lateReader(store);
    const dry = importInto(store, IMPORTERS.get('integrate')!, openText([flaggedFile()]), { moodMap: new Map() }, { dryRun: true, now: new Date('2026-11-30T12:00:00Z'), reader });
    const real = run(journal('other.db'), IMPORTERS.get('integrate')!, flaggedFile());
    expect(dry).toEqual(real);
    expect(store.db.prepare('SELECT count(*) AS n FROM safety_flags').get()).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT count(*) AS n FROM entries').get()).toEqual({ n: 0 });
  });
});
