// openDatabase's checks before it touches anything (issue 15): the place (owners,
// links, devices, the folder), the identity (application_id, or the tables of an
// integrate database from before it), objects integrate did not create, and
// read-only opening.
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../src/errors.js';
import { Store } from '../../src/store/index.js';
import { APPLICATION_ID } from '../../src/store/migrations/008-application-id.js';
import { LATEST_VERSION, MIGRATIONS, migrate } from '../../src/store/migrations/index.js';
import { openDatabase, placeProblems, useRollbackJournal, type OpenOptions } from '../../src/store/open.js';

let dir: string;
const opened: Database.Database[] = [];
const asRoot = process.getuid?.() === 0;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-open-'));
});

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  fs.chmodSync(dir, 0o700);
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(file: string, opts: Partial<OpenOptions> = {}) {
  const result = openDatabase(file, { create: true, ownsDirectory: false, ...opts });
  if (result) opened.push(result.db);
  return result;
}

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

/** Everything in the folder: names, modes, mtimes, bytes. */
function snapshot(folder = dir): string {
  return fs.readdirSync(folder).sort().map((f) => {
    const st = fs.lstatSync(path.join(folder, f));
    return `${f} ${st.uid} ${st.mode.toString(8)} ${st.mtimeMs} ${st.isFile() ? fs.readFileSync(path.join(folder, f)).toString('base64') : ''}`;
  }).join('\n');
}

/** An integrate database closed again, WAL checkpointed away. */
function integrateFile(name = 'integrate.db', version = LATEST_VERSION): string {
  const file = path.join(dir, name);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrate(db, version);
  db.prepare(`INSERT INTO entries (id, created_at, utc_offset, local_date, kind, text) VALUES ('0000aaaa-0000-4000-8000-000000000000', '2026-01-01T10:00:00.000Z', 60, '2026-01-01', 'checkin', 'kept')`).run();
  db.close();
  fs.chmodSync(file, 0o600);
  return file;
}

const appIdOf = (file: string) => fs.readFileSync(file).readUInt32BE(68);

describe('application_id (migration 8)', () => {
  it('a new database carries integrate\'s id, "INTG"', () => {
    const file = path.join(dir, 'new.db');
    open(file)!.db.close();
    expect(APPLICATION_ID).toBe(0x494e5447);
    expect(appIdOf(file)).toBe(APPLICATION_ID);
    expect(fs.readFileSync(file).subarray(68, 72).toString('latin1')).toBe('INTG');
  });

  it('an integrate database from before it (version 7, id 0) is recognised by its tables, migrated, and gets the id', () => {
    const file = integrateFile('old.db', 7);
    expect(appIdOf(file)).toBe(0);
    const result = open(file)!;
    expect(result.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(new Store(result.db, file).entries.list().map((e) => e.text)).toEqual(['kept']);
    result.db.close();
    expect(appIdOf(file)).toBe(APPLICATION_ID);
  });

  it('an empty SQLite database (no tables, version 0) is taken as a new one', () => {
    const file = path.join(dir, 'empty.db');
    const raw = new Database(file);
    raw.exec('VACUUM');
    raw.close();
    fs.chmodSync(file, 0o600);
    const result = open(file)!;
    expect(result.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
  });
});

describe('databases of other programs are left exactly as they were', () => {
  const foreign = (name: string, setup: (db: Database.Database) => void) => {
    const file = path.join(dir, name);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES (\'https://example.org\')');
    setup(db);
    db.close();
    fs.chmodSync(file, 0o644);
    return file;
  };

  it.each([
    ['another application_id', (db: Database.Database) => db.pragma('application_id = 252006674')],
    ['no id and a user_version integrate never had', (db: Database.Database) => db.pragma('user_version = 77')],
    ['no id and a user_version integrate had (its tables decide)', (db: Database.Database) => db.pragma('user_version = 3')],
    ['no id and version 0, but tables', () => {}],
  ])('%s: refused for reading and writing; bytes, mode, mtime unchanged, nothing beside it', (_, setup) => {
    const file = foreign('places.sqlite', setup);
    const before = snapshot();
    for (const opts of [{ create: false }, { create: true, write: true }]) {
      const err = failure(() => open(file, opts));
      expect(err).toBeInstanceOf(DataError);
      expect(err.message).toMatch(/is a SQLite database of another program \(.+\), not an integrate database\. It was left untouched\./);
      expect(snapshot()).toBe(before);
    }
  });

  it('an integrate database whose pending WAL holds a newer schema: refused, the WAL not checkpointed', () => {
    const file = integrateFile();
    const writer = new Database(file);
    writer.pragma('wal_autocheckpoint = 0');
    writer.pragma(`user_version = ${LATEST_VERSION + 1}`);
    const copy = path.join(dir, 'copy.db');
    fs.copyFileSync(file, copy);
    // With the -shm too, as a copy of a live database has it (then a closing read-write connection would checkpoint).
    for (const side of ['-wal', '-shm']) fs.copyFileSync(file + side, copy + side);
    writer.close();
    const main = fs.readFileSync(copy);
    const wal = fs.readFileSync(`${copy}-wal`);
    expect(main.readInt32BE(60)).toBe(LATEST_VERSION); // the header alone would let it through
    for (const opts of [{ create: false }, { create: true, write: true }]) {
      expect(failure(() => open(copy, opts)).message).toMatch(new RegExp(`newer version of integrate \\(schema ${LATEST_VERSION + 1};`));
      expect(fs.readFileSync(copy).equals(main)).toBe(true);
      expect(fs.readFileSync(`${copy}-wal`).equals(wal)).toBe(true);
    }
  });
});

describe('objects integrate did not create', () => {
  const plant = (file: string, sql: string) => {
    const raw = new Database(file);
    raw.exec(sql);
    raw.close();
  };

  it('a planted trigger and view: refused on open, naming both and doctor --fix; nothing changed', () => {
    const file = integrateFile();
    plant(file, `CREATE TRIGGER lift AFTER INSERT ON entry_metrics BEGIN UPDATE entry_metrics SET value = 10 WHERE entry_id = new.entry_id; END;
      CREATE VIEW peek AS SELECT text FROM entries;`);
    const before = snapshot();
    const err = failure(() => open(file));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(/contains trigger lift, view peek, which integrate did not create.*integrate doctor --fix to remove them/);
    expect(snapshot()).toBe(before);
  });

  it('health() lists them, dropForeignObjects() drops them; a redefined trigger of ours is restored', () => {
    const file = integrateFile();
    plant(file, `CREATE TABLE exfil (t TEXT); CREATE INDEX exfil_t ON exfil (t);
      DROP TRIGGER entries_search_ai;
      CREATE TRIGGER entries_search_ai AFTER INSERT ON entries BEGIN INSERT INTO exfil VALUES (new.text); END;`);
    expect(failure(() => open(file)).message).toMatch(/contains index exfil_t, table exfil, trigger entries_search_ai, which integrate did not create/);
    const result = open(file, { allowForeignObjects: true })!;
    const store = new Store(result.db, file);
    expect(store.health().foreign.map((o) => `${o.type} ${o.name}`).sort()).toEqual(['index exfil_t', 'table exfil', 'trigger entries_search_ai']);
    store.dropForeignObjects();
    expect(store.health().foreign).toEqual([]);
    const trigger = result.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'entries_search_ai'").get() as { sql: string };
    expect(trigger.sql).toMatch(/INSERT INTO search_fts/);
    result.db.close();
    expect(open(file)!.readonly).toBe(false);
  });

  it('a lost search trigger or table: refused on open, naming it and doctor --fix; a lost index alone is not', () => {
    const file = integrateFile();
    plant(file, 'DROP INDEX entries_local_date;');
    expect(open(file)!.readonly).toBe(false);
    opened.splice(0).forEach((db) => db.close());
    plant(file, 'DROP TRIGGER entries_search_ai; DROP TABLE safety_flags;');
    const before = snapshot();
    const err = failure(() => open(file));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(/lacks table safety_flags, trigger entries_search_ai, which integrate created and needs.*integrate doctor --fix to restore them/);
    expect(snapshot()).toBe(before);
  });

  it('a lost unique key (two moods could then be stored for one check-in): refused on open, naming it; restored keeping the last row written per key', () => {
    const file = integrateFile();
    plant(file, `DROP INDEX entry_metrics_key; DROP INDEX entry_tags_key;
      INSERT INTO entry_metrics (entry_id, name, value, source, local_date) VALUES ('0000aaaa-0000-4000-8000-000000000000', 'mood', 3, 'checkin', '2026-01-01');
      INSERT INTO entry_metrics (entry_id, name, value, source, local_date) VALUES ('0000aaaa-0000-4000-8000-000000000000', 'mood', 4, 'checkin', '2026-01-01');
      INSERT INTO entry_tags (entry_id, tag) VALUES ('0000aaaa-0000-4000-8000-000000000000', 'calm'), ('0000aaaa-0000-4000-8000-000000000000', 'calm');`);
    const before = snapshot();
    const err = failure(() => open(file));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(/lacks index entry_metrics_key, index entry_tags_key, which integrate created and needs.*integrate doctor --fix to restore them/);
    expect(snapshot()).toBe(before);
    const result = open(file, { allowForeignObjects: true })!;
    const store = new Store(result.db, file);
    expect(store.restoreMissingObjects().map((o) => [o.name, o.repeatsRemoved])).toEqual([['entry_metrics_key', 1], ['entry_tags_key', 1]]);
    expect(result.db.prepare("SELECT value FROM entry_metrics WHERE entry_id = '0000aaaa-0000-4000-8000-000000000000' AND name = 'mood'").all()).toEqual([{ value: 4 }]);
    expect(result.db.prepare("SELECT tag FROM entry_tags WHERE entry_id = '0000aaaa-0000-4000-8000-000000000000'").all()).toEqual([{ tag: 'calm' }]);
    expect(() => result.db.exec("INSERT INTO entry_tags (entry_id, tag) VALUES ('0000aaaa-0000-4000-8000-000000000000', 'calm')")).toThrow(/UNIQUE/);
    result.db.close();
    expect(open(file)!.readonly).toBe(false);
  });

  it('a lost column (dropped by another tool): refused on open, read-only too, naming it and the copy from before; nothing changed', () => {
    const file = integrateFile();
    plant(file, 'ALTER TABLE entries DROP COLUMN starred;');
    const before = snapshot();
    const err = failure(() => open(file));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toBe(`The database ${file} lacks the column entries.starred, which integrate created and needs (changed by another program?); nothing was done. Put back a copy of the database from before the change; integrate doctor shows the details, and integrate backup copies this file as it is.`);
    expect(snapshot()).toBe(before);
    fs.chmodSync(file, 0o400);
    expect(failure(() => open(file)).message).toMatch(/lacks the column entries\.starred/);
    fs.chmodSync(file, 0o600);
    // Doctor (and backup) open it anyway, to report it and to copy it; nothing is changed.
    const result = open(file, { allowForeignObjects: true })!;
    expect(new Store(result.db, file).health().changedTables.flatMap((t) => t.lost)).toEqual([{ table: 'entries', name: 'starred' }]);
    result.db.close();
    expect(snapshot()).toBe(before);
  });

  it('an older journal with a lost column is refused, and opened for doctor without its migrations (which would copy the column)', () => {
    const file = integrateFile('old.db', 12);
    plant(file, 'DROP INDEX entry_answers_discuss; ALTER TABLE entry_answers DROP COLUMN role;');
    expect(failure(() => open(file)).message).toMatch(/lacks the column entry_answers\.role/);
    const result = open(file, { allowForeignObjects: true })!;
    expect(result.db.pragma('user_version', { simple: true })).toBe(12);
    expect(new Store(result.db, file).health().changedTables.flatMap((t) => t.lost)).toEqual([{ table: 'entry_answers', name: 'role' }]);
  });

  it('an added column every new row must fill blocks writing, not reading', () => {
    const file = path.join(dir, 'fill.db');
    const db = new Database(file);
    migrate(db);
    db.exec('ALTER TABLE safety_flags ADD COLUMN reviewer TEXT NOT NULL');
    db.close();
    expect(failure(() => open(file)).message).toMatch(/has a column another program added, safety_flags\.reviewer, that every new row must fill, so integrate cannot write there/);
    fs.chmodSync(file, 0o400);
    expect(open(file)!.readonly).toBe(true);
    fs.chmodSync(file, 0o600);
  });

  it('a column another tool added is kept and does not stop integrate', () => {
    const file = integrateFile();
    plant(file, 'ALTER TABLE entries ADD COLUMN colour TEXT;');
    const result = open(file)!;
    expect(new Store(result.db, file).health().changedTables).toEqual([{ table: 'entries', lost: [], redeclared: [], added: [{ table: 'entries', name: 'colour', blocking: false }] }]);
  });

  it('health() lists what is missing; restoreMissingObjects() brings it back and refills the search index', () => {
    const file = integrateFile();
    // Written while the insert trigger was gone: not in the search index.
    plant(file, `DROP TRIGGER entries_search_ai; DROP INDEX entries_local_date;
      INSERT INTO entries (id, created_at, utc_offset, local_date, kind, text) VALUES ('0000bbbb-0000-4000-8000-000000000000', '2026-01-02T10:00:00.000Z', 60, '2026-01-02', 'checkin', 'lighthouse');`);
    const result = open(file, { allowForeignObjects: true })!;
    const store = new Store(result.db, file);
    expect(store.health().missing.map((o) => `${o.type} ${o.name}`)).toEqual(['index entries_local_date', 'trigger entries_search_ai']);
    const found = () => result.db.prepare("SELECT ref FROM search_fts WHERE search_fts MATCH 'lighthouse OR kept' ORDER BY ref").all();
    expect(found()).toEqual([{ ref: '0000aaaa-0000-4000-8000-000000000000' }]);
    expect(store.restoreMissingObjects().map((o) => o.name)).toEqual(['entries_local_date', 'entries_search_ai']);
    expect(store.health().missing).toEqual([]);
    expect(found()).toEqual([{ ref: '0000aaaa-0000-4000-8000-000000000000' }, { ref: '0000bbbb-0000-4000-8000-000000000000' }]);
    // Every entry is still there, once.
    expect(result.db.prepare('SELECT count(*) AS n FROM entries').get()).toEqual({ n: 2 });
    expect(result.db.prepare("SELECT count(*) AS n FROM search_fts WHERE kind = 'entry'").get()).toEqual({ n: 2 });
    result.db.close();
    expect(open(file)!.readonly).toBe(false);
  });
});

describe('the place: the file, its companions and the folder', () => {
  it('a dangling symbolic link is a UsageError (exit 2) naming the link and its target; nothing is created', () => {
    const link = path.join(dir, 'journal.db');
    fs.symlinkSync(path.join(dir, 'nowhere', 'real.db'), link);
    for (const create of [false, true]) {
      const err = failure(() => open(link, { create }));
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).exitCode).toBe(2);
      expect(err.message).toBe(`${link} is a symbolic link to ${path.join(dir, 'nowhere', 'real.db')}, which does not exist. Point --db or INTEGRATE_DB at the database file itself, or fix the link.`);
    }
    expect(fs.readdirSync(dir)).toEqual(['journal.db']);
  });

  it('a link to a real database is followed; its companions are checked where they really are', () => {
    const file = integrateFile('real.db');
    const link = path.join(dir, 'link.db');
    fs.symlinkSync(file, link);
    expect(open(link, { create: false })!.readonly).toBe(false);
  });

  it('/dev/null is refused as a character device before any chmod', () => {
    const before = fs.statSync('/dev/null').mode;
    expect(failure(() => open('/dev/null')).message).toBe('/dev/null is a character device, not a database file. Choose another location with --db PATH or INTEGRATE_DB.');
    expect(fs.statSync('/dev/null').mode).toBe(before);
  });

  it('a symbolic link as -wal (SQLite would write through it) is refused, naming it', () => {
    const file = integrateFile();
    const elsewhere = path.join(dir, 'elsewhere');
    fs.writeFileSync(elsewhere, '');
    fs.symlinkSync(elsewhere, `${file}-wal`);
    expect(failure(() => open(file)).message).toMatch(new RegExp(`^${file}-wal is a symbolic link, not a regular file`));
    expect(fs.statSync(elsewhere).size).toBe(0);
  });

  it.runIf(asRoot)('a database, -wal, -shm or -journal of another user is refused before any chmod, naming it', () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      const file = integrateFile(`db${suffix || '-main'}.db`);
      const target = `${file}${suffix}`;
      if (suffix) fs.writeFileSync(target, '');
      fs.chmodSync(target, 0o666);
      fs.chownSync(target, 54321, 54321);
      const before = snapshot();
      const err = failure(() => open(file, { create: false }));
      expect(err.message, suffix).toMatch(new RegExp(`^${target} belongs to another user \\(uid 54321\\), who could read what you write into it\\.`));
      expect(snapshot(), suffix).toBe(before);
      expect(placeProblems(file).map((p) => p.check)).toEqual(['owners']);
      fs.rmSync(target);
    }
  });

  it('a folder others can write to is refused unless sticky; doctor sees the same', () => {
    const shared = path.join(dir, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o777);
    const file = path.join(shared, 'journal.db');
    expect(failure(() => open(file)).message).toBe(
      `The folder ${shared} can be written by other users (mode 777, no sticky bit), so they could swap the database or its -wal/-shm files. Nothing was changed. Keep the database in a private folder (chmod go-w ${shared}, or the default location).`,
    );
    expect(fs.readdirSync(shared)).toEqual([]);
    expect(placeProblems(file).map((p) => p.check)).toEqual(['folder']);
    fs.chmodSync(shared, 0o1777);
    expect(open(file)!.readonly).toBe(false);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(placeProblems(file)).toEqual([]);
  });

  // A new journal opens its -wal only after its migration: a -wal another user planted in a shared
  // sticky folder meanwhile is refused, and nothing is written through it.
  it.runIf(asRoot)('a new journal in a sticky folder refuses a -wal another user planted while it was migrated', () => {
    const shared = path.join(dir, 'sticky');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o1777);
    const file = path.join(shared, 'journal.db');
    const first = MIGRATIONS[0]! as { up: (db: Database.Database) => void };
    const up = first.up;
    let planted = false;
    first.up = (db) => {
      const fd = fs.openSync(`${file}-wal`, 'w+', 0o666);
      fs.fchmodSync(fd, 0o666);
      fs.fchownSync(fd, 4321, 4321);
      fs.closeSync(fd);
      planted = true;
      up(db);
    };
    let message = '';
    try {
      message = failure(() => open(file)).message;
    } finally {
      first.up = up;
    }
    expect(planted).toBe(true);
    expect(message).toMatch(/journal\.db-wal/);
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
  });

  it.runIf(asRoot)('a group-writable folder whose group has other members is refused', () => {
    const shared = path.join(dir, 'group');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o770);
    fs.chownSync(shared, 0, 100); // group "users" (or any group that is not root's own)
    expect(failure(() => open(path.join(shared, 'journal.db'))).message).toMatch(/can be written by other users \(mode 770, no sticky bit\)/);
  });
});

describe('read-only databases', () => {
  it('a folder made read-only (no owner write bit): read from a copy in memory, nothing created beside it; writing is refused in one line', () => {
    const file = integrateFile();
    fs.chmodSync(dir, 0o500);
    const before = snapshot();
    const result = open(file, { create: false })!;
    expect(result).toMatchObject({ readonly: true, inMemory: true, readonlyReason: `its folder ${dir} is not writable` });
    expect(new Store(result.db, file).entries.list().map((e) => e.text)).toEqual(['kept']);
    expect(() => new Store(result.db, file).entries.delete('0000aaaa-0000-4000-8000-000000000000')).toThrow(/readonly/);
    result.db.close();
    expect(snapshot()).toBe(before);
    const err = failure(() => open(file, { create: false, write: true }));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toBe(`The database ${file} is read-only (its folder ${dir} is not writable), so nothing was saved. Reading commands (list, show, search, export, backup) still work; to write, make the folder writable (chmod u+w ${dir}).`);
    expect(snapshot()).toBe(before);
  });

  it('a read-only database that needs a schema upgrade (version 7) is refused with what to do, untouched', () => {
    const file = integrateFile('old.db', 7);
    fs.chmodSync(file, 0o400);
    const before = fs.readFileSync(file);
    expect(() => open(file, { create: false })).toThrow(/is read-only and needs a schema upgrade .*chmod u\+w/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('a read-only database at version 12 is read as it is (migration 13 changes how keys are declared, not what reads see)', () => {
    const file = integrateFile('v12.db', 12);
    useRollbackJournal(file);
    fs.chmodSync(file, 0o400);
    const before = fs.readFileSync(file);
    const result = open(file, { create: false })!;
    expect(result.readonly).toBe(true);
    expect(result.db.pragma('user_version', { simple: true })).toBe(12);
    const store = new Store(result.db, file);
    expect(store.entries.list({}).map((e) => e.text)).toEqual(['kept']);
    result.db.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('a read-only database that lost a unique index is read as it is (nothing can repeat a key there)', () => {
    const file = integrateFile('nokey.db');
    const db = new Database(file);
    db.exec('DROP INDEX entry_tags_key; DROP INDEX safety_flags_entry;');
    db.close();
    useRollbackJournal(file);
    fs.chmodSync(file, 0o400);
    const result = open(file, { create: false })!;
    expect(result.readonly).toBe(true);
    expect(new Store(result.db, file).entries.list({}).map((e) => e.text)).toEqual(['kept']);
    result.db.close();
  });

  it('useRollbackJournal turns a WAL copy into a rollback-journal database with nothing left beside it', () => {
    const file = integrateFile();
    expect(fs.readFileSync(file)[18]).toBe(2);
    useRollbackJournal(file);
    expect([...fs.readFileSync(file).subarray(18, 20)]).toEqual([1, 1]);
    expect(fs.readdirSync(dir)).toEqual(['integrate.db']);
  });
});
