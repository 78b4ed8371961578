import Database from 'better-sqlite3-multiple-ciphers';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/domain/entries.js';
import { DataError } from '../../src/errors.js';
import { Store } from '../../src/store/index.js';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../src/store/migrations/index.js';
import { openDatabase, openMemoryDatabase, PLAIN_PAGE_SIZE, type OpenOptions } from '../../src/store/open.js';

let dir: string;
const opened: Database.Database[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-store-'));
});

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const CREATE: OpenOptions = { create: true, ownsDirectory: false };

function open(file: string, opts: Partial<OpenOptions> = {}) {
  const result = openDatabase(file, { ...CREATE, ...opts });
  if (result) opened.push(result.db);
  return result;
}

const mode = (p: string) => fs.statSync(p).mode & 0o777;
const bytes = (p: string) => fs.readFileSync(p);

function tables(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);
}

function makeEntry(overrides: Partial<Entry> = {}): Entry {
  return {
    id: randomUUID(),
    createdAt: '2026-11-21T10:00:00.000Z',
    utcOffset: 60,
    localDate: '2026-11-21',
    kind: 'checkin',
    pack: null,
    private: false,
    starred: false,
    text: '',
    metrics: { mood: 6 },
    practices: [],
    tags: [],
    ...overrides,
  };
}

/** A real database file holding one entry, closed again. */
function seededFile(name = 'seed.db'): { file: string; id: string } {
  const file = path.join(dir, name);
  const result = open(file)!;
  const entry = makeEntry({ text: 'seeded' });
  new Store(result.db, file).entries.insert(entry);
  result.db.close();
  return { file, id: entry.id };
}

function expectDataError(run: () => unknown, pattern: RegExp): DataError {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(DataError);
  expect((caught as DataError).exitCode).toBe(1);
  expect((caught as Error).message).toMatch(pattern);
  return caught as DataError;
}

describe('migrations', () => {
  // Versions 8, 9 and 11 are built on other branches; once merged the list is 1..11 again.
  it('are numbered from 1, strictly increasing, and LATEST_VERSION is the last', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
    expect(LATEST_VERSION).toBe(MIGRATIONS.at(-1)!.version);
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });

  it('an empty database starts at user_version 0 with no tables', () => {
    const db = new Database(':memory:');
    opened.push(db);
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it.each(MIGRATIONS.map((m) => [m.version, m.name] as const))(
    'migration %i (%s) applies from an empty database and bumps user_version to exactly its number',
    (version) => {
      const db = new Database(':memory:');
      opened.push(db);
      db.pragma('foreign_keys = ON');
      expect(migrate(db, version)).toBe(version);
      expect(schemaVersion(db)).toBe(version);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    },
  );

  it('reaches each version in turn, adding that version\'s tables', () => {
    const db = new Database(':memory:');
    opened.push(db);
    migrate(db, 1);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['entries', 'entry_metrics', 'entry_practices', 'entry_tags']);
    migrate(db, 2);
    expect(schemaVersion(db)).toBe(2);
    expect(tables(db)).toEqual(expect.arrayContaining(['sessions', 'entry_answers', 'intentions', 'drafts']));
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(entries)').all().map((c) => c.name);
    expect(columns).toContain('pack_version');
  });

  it('migrates all the way to the latest from empty, and running again changes nothing', () => {
    const db = new Database(':memory:');
    opened.push(db);
    expect(migrate(db)).toBe(LATEST_VERSION);
    const before = db.prepare("SELECT sql FROM sqlite_master ORDER BY name").all();
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT sql FROM sqlite_master ORDER BY name").all()).toEqual(before);
  });

  it('a new database migrated in one transaction gets the schema and header of one migrated a version at a time', () => {
    const atOnce = new Database(':memory:');
    const stepwise = new Database(':memory:');
    opened.push(atOnce, stepwise);
    expect(migrate(atOnce)).toBe(LATEST_VERSION);
    for (const m of MIGRATIONS) migrate(stepwise, m.version);
    const schema = (db: Database.Database) => db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").all();
    expect(schema(atOnce)).toEqual(schema(stepwise));
    for (const pragma of ['user_version', 'application_id', 'secure_delete']) {
      expect(atOnce.pragma(pragma, { simple: true }), pragma).toBe(stepwise.pragma(pragma, { simple: true }));
    }
  });

  it('a failing migration leaves a new database empty, and one part-way along at the last version that applied', () => {
    const failing = MIGRATIONS.find((m) => m.version === 5)! as { up: (db: Database.Database) => void };
    const up = failing.up;
    failing.up = () => {
      throw new Error('stopped');
    };
    const fresh = new Database(':memory:');
    const partWay = new Database(':memory:');
    opened.push(fresh, partWay);
    try {
      expect(() => migrate(fresh)).toThrow('stopped');
      migrate(partWay, 3);
      expect(() => migrate(partWay)).toThrow('stopped');
    } finally {
      failing.up = up;
    }
    expect(schemaVersion(fresh)).toBe(0);
    expect(tables(fresh)).toEqual([]);
    expect(schemaVersion(partWay)).toBe(4);
    expect(migrate(partWay)).toBe(LATEST_VERSION);
  });

  it('openMemoryDatabase is migrated to the latest version with foreign keys on', () => {
    const db = openMemoryDatabase();
    opened.push(db);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('an older database file is migrated to the latest on open, keeping its rows', () => {
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    migrate(old, 1);
    old.prepare(`INSERT INTO entries (id, created_at, utc_offset, local_date, kind) VALUES ('0000aaaa-0000-4000-8000-000000000000', '2026-01-01T10:00:00.000Z', 60, '2026-01-01', 'checkin')`).run();
    old.close();
    fs.chmodSync(file, 0o600);
    const result = open(file)!;
    expect(schemaVersion(result.db)).toBe(LATEST_VERSION);
    expect(new Store(result.db, file).entries.list()).toHaveLength(1);
  });
});

describe('openDatabase: a new database', () => {
  it('creates the file 0600 inside a created 0700 directory, migrated, with the required pragmas', () => {
    const file = path.join(dir, 'a', 'b', 'integrate.db');
    const result = open(file)!;
    expect(result.path).toBe(file);
    expect(result.readonly).toBe(false);
    expect(mode(path.join(dir, 'a'))).toBe(0o700);
    expect(mode(path.join(dir, 'a', 'b'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    const { db } = result;
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    // The WAL side files copy the database's mode.
    new Store(db, file).entries.insert(makeEntry());
    for (const side of ['-wal', '-shm']) {
      if (fs.existsSync(file + side)) expect(mode(file + side), side).toBe(0o600);
    }
  });

  // Two check-ins at once on a new machine: while the file is still empty, another process opening it
  // deletes any WAL beside it (SQLite does so for a database with no pages), one that may already hold
  // the schema. So a new journal is migrated in a rollback journal, its schema in the file at commit,
  // and goes to the WAL after; a journal with tables goes to the WAL first, as before.
  it('is migrated before it goes to the WAL, with the schema in the file itself', () => {
    const first = MIGRATIONS[0]! as { up: (db: Database.Database) => void };
    const up = first.up;
    const modes: string[] = [];
    first.up = (db) => {
      modes.push(String(db.pragma('journal_mode', { simple: true })));
      up(db);
    };
    const file = path.join(dir, 'fresh', 'integrate.db');
    let result;
    try {
      result = open(file)!;
    } finally {
      first.up = up;
    }
    expect(modes).toEqual(['delete']);
    expect(result.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // The schema is in the database file, not only in a WAL another process could delete.
    expect(fs.statSync(file).size).toBeGreaterThan(4096);
    const other = new Database(file, { readonly: true });
    opened.push(other);
    expect(schemaVersion(other)).toBe(LATEST_VERSION);
  });

  it('gets 8 KiB pages; a journal made with 4 KiB pages keeps them when opened and migrated', () => {
    const fresh = open(path.join(dir, 'new.db'))!;
    expect(fresh.db.pragma('page_size', { simple: true })).toBe(PLAIN_PAGE_SIZE);
    expect(PLAIN_PAGE_SIZE).toBe(8192);
    // An older journal: SQLite's default page size, an early schema version.
    const oldFile = path.join(dir, 'old.db');
    const old = new Database(oldFile);
    old.pragma('page_size = 4096');
    migrate(old, 1);
    old.close();
    fs.chmodSync(oldFile, 0o600);
    const reopened = open(oldFile)!;
    expect(schemaVersion(reopened.db)).toBe(LATEST_VERSION);
    expect(reopened.db.pragma('page_size', { simple: true })).toBe(4096);
    expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('with create: false, returns undefined for a missing file and creates nothing', () => {
    const file = path.join(dir, 'missing', 'integrate.db');
    expect(openDatabase(file, { create: false, ownsDirectory: false })).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'missing'))).toBe(false);
  });

  it('tightens our own data directory to 0700 when it owns it', () => {
    const data = path.join(dir, 'data');
    fs.mkdirSync(data, { mode: 0o755 });
    fs.chmodSync(data, 0o755);
    const notices: string[] = [];
    open(path.join(data, 'integrate.db'), { ownsDirectory: true, notice: (m) => notices.push(m) });
    expect(mode(data)).toBe(0o700);
    expect(notices.join('\n')).toContain(data);
  });

  it('leaves a directory it does not own (a --db location) alone', () => {
    const shared = path.join(dir, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o755);
    open(path.join(shared, 'x.db'));
    expect(mode(shared)).toBe(0o755);
    expect(mode(path.join(shared, 'x.db'))).toBe(0o600);
  });
});

describe('openDatabase: existing files', () => {
  it('tightens an existing 0644 database to 0600 and says so', () => {
    const { file } = seededFile();
    fs.chmodSync(file, 0o644);
    const notices: string[] = [];
    const result = open(file, { notice: (m) => notices.push(m) })!;
    expect(mode(file)).toBe(0o600);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(file);
    expect(notices[0]).toMatch(/644 to 600/);
    expect(new Store(result.db, file).entries.list()).toHaveLength(1);
  });

  it('refuses a database with a newer user_version with DataError, leaving the bytes unchanged', () => {
    const { file } = seededFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const before = bytes(file);
    const err = expectDataError(() => open(file), /newer version of integrate/);
    expect(err.message).toContain(file);
    expect(err.message).toContain(`schema ${LATEST_VERSION + 1}`);
    expect(bytes(file).equals(before)).toBe(true);
    expect(mode(file)).toBe(0o600);
  });

  it('refuses a newer database with loose permissions without changing anything, even its mode', () => {
    const { file } = seededFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.close();
    fs.chmodSync(file, 0o644);
    const before = bytes(file);
    const notices: string[] = [];
    expectDataError(() => open(file, { notice: (m) => notices.push(m) }), /newer version/);
    expect(bytes(file).equals(before)).toBe(true);
    expect(mode(file)).toBe(0o644);
    expect(notices).toEqual([]);
  });

  it('refuses a text file that is not a database, unchanged (content and mode)', () => {
    const file = path.join(dir, 'notes.db');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(40));
    fs.chmodSync(file, 0o644);
    const before = bytes(file);
    const err = expectDataError(() => open(file), /not an integrate database/);
    expect(err.message).toContain(file);
    expect(bytes(file).equals(before)).toBe(true);
    expect(mode(file)).toBe(0o644);
  });

  it('refuses random bytes, unchanged', () => {
    const file = path.join(dir, 'random.db');
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256)), { mode: 0o600 });
    const before = bytes(file);
    expectDataError(() => open(file), /not an integrate database/);
    expect(bytes(file).equals(before)).toBe(true);
  });

  it('refuses a file with a SQLite header but a damaged body, unchanged and without tightening it', () => {
    const file = path.join(dir, 'damaged.db');
    const content = Buffer.alloc(4096, 0xab);
    Buffer.from('SQLite format 3\u0000', 'latin1').copy(content);
    fs.writeFileSync(file, content);
    fs.chmodSync(file, 0o644);
    const notices: string[] = [];
    expectDataError(() => open(file, { notice: (m) => notices.push(m) }), /not an integrate database/);
    expect(bytes(file).equals(content)).toBe(true);
    expect(mode(file)).toBe(0o644);
    expect(notices).toEqual([]);
  });

  it('refuses a database damaged after its header with an SQLite error, the bytes unchanged', () => {
    const { file } = seededFile();
    const content = bytes(file);
    for (let i = 100; i < content.length; i++) content[i] = (i * 31) % 251;
    fs.writeFileSync(file, content);
    let caught: unknown;
    try {
      open(file);
    } catch (err) {
      caught = err;
    }
    expect((caught as { code?: string }).code).toMatch(/^SQLITE_(CORRUPT|NOTADB)/);
    expect(bytes(file).equals(content)).toBe(true);
  });

  it('refuses a directory given as the database path', () => {
    const err = expectDataError(() => open(dir), /is a directory, not a database file/);
    expect(err.message).toContain(dir);
  });

  it('refuses a path under a regular file (ENOTDIR), naming it and creating nothing', () => {
    const plain = path.join(dir, 'plain.txt');
    fs.writeFileSync(plain, 'x');
    const file = path.join(plain, 'sub', 'integrate.db');
    const err = expectDataError(() => open(file), /a part of the path is a file, not a directory/);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/--db/);
    expect(fs.readFileSync(plain, 'utf8')).toBe('x');
  });

  it('opens a read-only (0400) database for reading; writes fail and the file stays unchanged', () => {
    const { file, id } = seededFile();
    fs.chmodSync(file, 0o400);
    const before = bytes(file);
    const result = open(file)!;
    expect(result.readonly).toBe(true);
    const store = new Store(result.db, file);
    expect(store.entries.get(id)?.text).toBe('seeded');
    expect(store.entries.list().map((e) => e.id)).toEqual([id]);
    let caught: unknown;
    try {
      store.entries.insert(makeEntry());
    } catch (err) {
      caught = err;
    }
    expect((caught as { code?: string }).code).toMatch(/^SQLITE_READONLY/);
    expect(() => store.entries.delete(id)).toThrow();
    result.db.close();
    expect(bytes(file).equals(before)).toBe(true);
    expect(mode(file)).toBe(0o400);
  });

  it('refuses a read-only database that would need a migration', () => {
    const file = path.join(dir, 'old-ro.db');
    const old = new Database(file);
    migrate(old, 1);
    old.close();
    fs.chmodSync(file, 0o400);
    const before = bytes(file);
    expectDataError(() => open(file), /read-only and needs a schema upgrade/);
    expect(bytes(file).equals(before)).toBe(true);
  });
});

describe('EntryRepository', () => {
  let store: Store;
  beforeEach(() => {
    const db = openMemoryDatabase();
    opened.push(db);
    store = new Store(db, ':memory:');
  });

  it('round-trips an entry with metrics, tags and practices', () => {
    const entry = makeEntry({ metrics: { mood: 6, sleep: 7.5 }, tags: ['b', 'a'], practices: ['yoga'], text: 'hello', private: true });
    store.entries.insert(entry);
    expect(store.entries.get(entry.id)).toEqual({ ...entry, tags: ['a', 'b'] });
  });

  it('upsertDaily inserts the first check-in of a day and merges later ones into it', () => {
    const merge = (incoming: Entry) => (existing: Entry): Entry => ({
      ...existing,
      metrics: { ...existing.metrics, ...incoming.metrics },
      tags: [...new Set([...existing.tags, ...incoming.tags])].sort(),
    });
    const first = makeEntry({ metrics: { mood: 4 }, tags: ['morning'] });
    const a = store.entries.upsertDaily(first, merge(first), '2026-11-21T10:00:00.000Z');
    expect(a.updated).toBe(false);
    const second = makeEntry({ createdAt: '2026-11-21T20:00:00.000Z', metrics: { mood: 6, sleep: 7 }, tags: ['evening'] });
    const b = store.entries.upsertDaily(second, merge(second), '2026-11-21T20:00:00.000Z');
    expect(b.updated).toBe(true);
    expect(b.entry.id).toBe(first.id);
    const all = store.entries.list();
    expect(all).toHaveLength(1);
    expect(all[0]!.metrics).toEqual({ mood: 6, sleep: 7 });
    expect(all[0]!.tags).toEqual(['evening', 'morning']);
  });

  it('upsertDaily keeps separate check-ins for separate local days and ignores other kinds', () => {
    const keep = (e: Entry) => e;
    store.entries.insert(makeEntry({ kind: 'journal', localDate: '2026-11-21' }));
    store.entries.upsertDaily(makeEntry({ localDate: '2026-11-20', createdAt: '2026-11-20T10:00:00.000Z' }), keep, 'x');
    const r = store.entries.upsertDaily(makeEntry({ localDate: '2026-11-21' }), keep, 'x');
    expect(r.updated).toBe(false);
    expect(store.entries.list({ kind: 'checkin' })).toHaveLength(2);
  });

  it('lists newest first with since/until/tag/kind/limit filters', () => {
    const at = (iso: string, extra: Partial<Entry> = {}) => {
      const e = makeEntry({ createdAt: iso, localDate: iso.slice(0, 10), ...extra });
      store.entries.insert(e);
      return e;
    };
    const e1 = at('2026-11-18T10:00:00.000Z', { tags: ['work'] });
    const e2 = at('2026-11-19T10:00:00.000Z', { kind: 'journal' });
    const e3 = at('2026-11-20T10:00:00.000Z', { tags: ['work', 'family'] });
    expect(store.entries.list().map((e) => e.id)).toEqual([e3.id, e2.id, e1.id]);
    expect(store.entries.list({ tag: 'work' }).map((e) => e.id)).toEqual([e3.id, e1.id]);
    expect(store.entries.list({ kind: 'journal' }).map((e) => e.id)).toEqual([e2.id]);
    expect(store.entries.list({ since: '2026-11-19T10:00:00.000Z' }).map((e) => e.id)).toEqual([e3.id, e2.id]);
    expect(store.entries.list({ until: '2026-11-19T10:00:00.000Z' }).map((e) => e.id)).toEqual([e1.id]);
    expect(store.entries.list({ limit: 1 }).map((e) => e.id)).toEqual([e3.id]);
  });

  it('finds ids by prefix (at most two), and delete cascades to metrics and tags', () => {
    const a = makeEntry({ id: 'abcd0000-0000-4000-8000-000000000001', tags: ['t'] });
    const b = makeEntry({ id: 'abcd0000-0000-4000-8000-000000000002' });
    const c = makeEntry({ id: 'abce0000-0000-4000-8000-000000000003' });
    for (const e of [a, b, c]) store.entries.insert(e);
    expect(store.entries.idsWithPrefix('ABCD')).toEqual([a.id, b.id]);
    expect(store.entries.idsWithPrefix('abce')).toEqual([c.id]);
    expect(store.entries.idsWithPrefix('ffff')).toEqual([]);
    expect(store.entries.delete(a.id)).toBe(true);
    expect(store.entries.delete(a.id)).toBe(false);
    const orphans = store.db.prepare('SELECT COUNT(*) AS n FROM entry_metrics WHERE entry_id = ?').get(a.id) as { n: number };
    expect(orphans.n).toBe(0);
    const tags = store.db.prepare('SELECT COUNT(*) AS n FROM entry_tags WHERE entry_id = ?').get(a.id) as { n: number };
    expect(tags.n).toBe(0);
  });

  it('update replaces metrics, tags and practices in one go', () => {
    const e = makeEntry({ metrics: { mood: 3, anxiety: 5 }, tags: ['x'], practices: ['yoga'] });
    store.entries.insert(e);
    store.entries.update({ ...e, metrics: { mood: 7 }, tags: ['y'], practices: [], starred: true }, '2026-11-22T00:00:00.000Z');
    const got = store.entries.get(e.id)!;
    expect(got.metrics).toEqual({ mood: 7 });
    expect(got.tags).toEqual(['y']);
    expect(got.practices).toEqual([]);
    expect(got.starred).toBe(true);
  });
});

describe('Store: transactions and health', () => {
  function fileStore(): Store {
    const result = open(path.join(dir, 'health.db'))!;
    return new Store(result.db, result.path);
  }

  it('transaction(fn) saves everything fn wrote, or, when fn throws, nothing (and rethrows)', () => {
    const store = fileStore();
    const kept = makeEntry();
    expect(store.transaction(() => {
      store.entries.insert(kept);
      store.safety.addTo('entry', kept.id, ['mention'], kept.createdAt, kept.localDate);
      return 'done';
    })).toBe('done');
    const lost = makeEntry({ id: randomUUID() });
    expect(() => store.transaction(() => {
      store.entries.insert(lost);
      store.safety.addTo('entry', lost.id, ['phrase'], lost.createdAt, lost.localDate);
      throw new Error('stop');
    }, { immediate: true })).toThrow('stop');
    expect(store.entries.get(kept.id)).toBeDefined();
    expect(store.entries.get(lost.id)).toBeUndefined();
    expect(store.safety.between('2026-11-21', '2026-11-21').map((f) => [f.entryId, f.kind])).toEqual([[kept.id, 'mention']]);
  });

  it('safety.addTo writes each kind once (a repeat is ignored) and nothing for no kinds', () => {
    const store = fileStore();
    const e = makeEntry();
    store.entries.insert(e);
    store.safety.addTo('entry', e.id, [], e.createdAt, e.localDate);
    store.safety.addTo('entry', e.id, ['mention', 'mention'], e.createdAt, e.localDate);
    store.safety.addTo('entry', e.id, ['mention'], e.createdAt, e.localDate);
    expect(store.safety.between('2026-11-21', '2026-11-21')).toHaveLength(1);
  });

  it('health(): version, integrity (full or quick), journal mode, counts and sizes on disk', () => {
    const store = fileStore();
    store.entries.insert(makeEntry());
    const full = store.health();
    expect(full).toMatchObject({ version: LATEST_VERSION, check: 'integrity', integrity: ['ok'], brokenReferences: 0, journalMode: 'wal', foreign: [] });
    expect(full.counts.entries).toBe(1);
    expect(full.counts.entry_metrics).toBe(1);
    expect(full.sizes.file).toBe(fs.statSync(store.path).size);
    expect(full.sizes.wal).toBe(fs.statSync(`${store.path}-wal`).size);
    expect(full.freePages).toBeGreaterThanOrEqual(0);
    expect(store.health({ quick: true })).toMatchObject({ check: 'quick', integrity: ['ok'] });
  });
});

describe('ExportRepository', () => {
  it('gives a reflection\'s answers in the order they were asked, whatever their ids, with every field', () => {
    const store = new Store(openMemoryDatabase(), ':memory:');
    const entry: Entry = {
      id: randomUUID(), createdAt: '2026-11-20T09:00:00.000Z', utcOffset: 60, localDate: '2026-11-20', kind: 'journal', pack: 'mine',
      private: false, starred: false, text: '', metrics: {}, practices: [], tags: [],
    };
    const answer = (questionId: string, position: number, value: string | number | string[], extra: { insight?: boolean; discuss?: boolean; role?: string | null } = {}) => ({
      questionId, position, type: (typeof value === 'number' ? 'scale' : Array.isArray(value) ? 'multi' : 'text') as 'text', prompt: `Q ${questionId}?`, value,
      insight: extra.insight ?? false, discuss: extra.discuss ?? false, role: extra.role ?? null,
    });
    store.reflections.save(entry, 3, [
      answer('zeta', 0, 'first asked', { discuss: true }), answer('alpha', 1, 7), answer('mid', 2, ['a', 'b'], { insight: true, role: 'decision' }),
    ], []);
    const exported = store.exports.entry(entry.id)!;
    expect(exported.packVersion).toBe(3);
    expect(exported.answers).toEqual([
      { question: 'zeta', position: 0, type: 'text', prompt: 'Q zeta?', value: 'first asked', insight: false, discuss: true, role: null },
      { question: 'alpha', position: 1, type: 'scale', prompt: 'Q alpha?', value: 7, insight: false, discuss: false, role: null },
      { question: 'mid', position: 2, type: 'multi', prompt: 'Q mid?', value: ['a', 'b'], insight: true, discuss: false, role: 'decision' },
    ]);
    expect(Object.keys(exported.answers[0]!)).toEqual(['question', 'position', 'type', 'prompt', 'value', 'insight', 'discuss', 'role']);
    store.close();
  });

  it('reads an entry\'s flags in the same snapshot as the entries: what another process writes once the export has begun is not in it', () => {
    const file = path.join(dir, 'snap.db');
    const store = new Store(openDatabase(file, CREATE)!.db, file);
    const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}`;
    for (let day = 1; day <= 5; day++) {
      store.entries.insert({
        id: `0000000${day}-0000-4000-8000-000000000000`, createdAt: `${at(day)}T09:00:00.000Z`, utcOffset: 0, localDate: at(day), kind: 'checkin', pack: null,
        private: false, starred: false, text: '', metrics: { mood: day }, practices: [], tags: [],
      });
    }
    const rows = store.exports.entries({});
    expect(rows.next().value?.id).toBe('00000001-0000-4000-8000-000000000000');
    const other = new Database(file);
    other.prepare(`INSERT INTO safety_flags (entry_id, kind, created_at, local_date) VALUES ('00000004-0000-4000-8000-000000000000', 'low-mood', '2026-11-04T09:00:00.000Z', '2026-11-04')`).run();
    other.prepare(`INSERT INTO entries (id, created_at, utc_offset, local_date, kind) VALUES ('00000009-0000-4000-8000-000000000000', '2026-11-30T09:00:00.000Z', 0, '2026-11-30', 'checkin')`).run();
    other.close();
    const rest = [...rows];
    expect(rest.map((e) => [e.id.slice(0, 8), e.safetyFlags])).toEqual([['00000002', []], ['00000003', []], ['00000004', []], ['00000005', []]]);
    expect([...store.exports.entries({})].find((e) => e.id.startsWith('00000004'))!.safetyFlags).toEqual(['low-mood']);
    store.close();
  });

  it('lists tags, practices and flags in the order SQLite keeps them (code points), the same for the whole journal as for one entry', () => {
    const store = new Store(openDatabase(path.join(dir, 'j.db'), CREATE)!.db, path.join(dir, 'j.db'));
    // U+FF01 sorts after an emoji in UTF-16 units and before it in code points (SQLite's BINARY order).
    const names = ['zeta', 'alpha', '\u{1f600}-calm', '\uff01-loud', 'Ωmega', 'a-b', 'a'];
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const entry: Entry = {
        id: randomUUID(), createdAt: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00.000Z`, utcOffset: 0,
        localDate: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`, kind: 'checkin', pack: null, private: false, starred: false, text: '',
        metrics: { mood: 1 + (i % 10) }, practices: names.filter((_, k) => (i + k) % 3 !== 0).reverse(), tags: names.filter((_, k) => (i * k) % 4 !== 1),
      };
      store.entries.insert(entry);
      if (i % 5 === 0) store.safety.addTo('entry', entry.id, ['phrase', 'low-mood'], entry.createdAt, entry.localDate);
      ids.push(entry.id);
    }
    const { db } = store;
    const ordered = (table: string, column: string, id: string) =>
      db.prepare<[string], Record<string, string>>(`SELECT ${column} FROM ${table} WHERE entry_id = ? ORDER BY ${column}`).all(id).map((r) => r[column]!);
    const all = [...store.exports.entries({})];
    expect(all).toHaveLength(40);
    for (const e of all) {
      expect(e.tags).toEqual(ordered('entry_tags', 'tag', e.id));
      expect(e.practices).toEqual(ordered('entry_practices', 'practice', e.id));
      expect(e.safetyFlags).toEqual(ordered('safety_flags', 'kind', e.id));
      expect(store.exports.entry(e.id)).toEqual(e);
    }
    expect(all.filter((e) => e.safetyFlags.length).map((e) => e.safetyFlags)).toEqual(Array(8).fill(['low-mood', 'phrase']));
    expect(all.some((e) => e.tags.indexOf('\uff01-loud') >= 0 && e.tags.indexOf('\uff01-loud') < e.tags.indexOf('\u{1f600}-calm'))).toBe(true);
    store.close();
  });
});
