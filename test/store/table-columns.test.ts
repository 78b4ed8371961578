// The columns of integrate's tables against what its migrations create: a
// column dropped or renamed by another tool is found (and, where SQLite can,
// added back empty); a column another tool added is named and kept.
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrations/index.js';
import { readSchema } from '../../src/store/schema.js';
import { changedTables, columnDefinitions, describeColumns, restoreLostColumns } from '../../src/store/table-columns.js';

const dbs: Database.Database[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

function journal(): Database.Database {
  const db = new Database(':memory:');
  dbs.push(db);
  migrate(db);
  db.prepare(`INSERT INTO entries (id, created_at, utc_offset, local_date, kind, text, starred) VALUES ('0000aaaa-0000-4000-8000-000000000000', '2026-01-01T10:00:00.000Z', 60, '2026-01-01', 'checkin', 'kept', 1)`).run();
  return db;
}

const changed = (db: Database.Database) => changedTables(db, readSchema(db));

describe('columnDefinitions', () => {
  it('reads each column\'s definition between top-level commas, past comments, nested parentheses and quoted names; table constraints are not columns', () => {
    const defs = columnDefinitions(`CREATE TABLE t (
      id TEXT PRIMARY KEY,            -- a comment, with a comma
      "odd, name" INTEGER NOT NULL DEFAULT 0 CHECK ("odd, name" IN (0, 1)), /* another, comment */
      note TEXT DEFAULT 'a, b (c)',
      [bracketed] REAL,
      CONSTRAINT k UNIQUE (note),
      PRIMARY KEY (id),
      CHECK (length(note) < 10),
      FOREIGN KEY (id) REFERENCES other (id)
    )`);
    expect([...defs]).toEqual([
      ['id', 'id TEXT PRIMARY KEY'],
      ['odd, name', '"odd, name" INTEGER NOT NULL DEFAULT 0 CHECK ("odd, name" IN (0, 1))'],
      ['note', "note TEXT DEFAULT 'a, b (c)'"],
      ['bracketed', '[bracketed] REAL'],
    ]);
  });

  it('reads every column of every table of the real schema', () => {
    const db = journal();
    for (const t of db.prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'search_fts_%' AND name NOT LIKE 'sqlite_%'`).all()) {
      const columns = db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_xinfo(?)').all(t.name).map((c) => c.name);
      expect([...columnDefinitions(t.sql).keys()], t.name).toEqual(columns);
    }
  });
});

describe('changedTables', () => {
  it('a journal as the migrations made it: nothing', () => {
    expect(changed(journal())).toEqual([]);
  });

  it('a dropped column is lost and can be added back empty, with its default; then nothing is changed', () => {
    const db = journal();
    db.exec('ALTER TABLE entries DROP COLUMN starred');
    expect(changed(db)).toEqual([{
      table: 'entries', added: [],
      lost: [{ table: 'entries', name: 'starred', definition: 'starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1))', restorable: true }],
    }]);
    expect(restoreLostColumns(db).map((c) => c.name)).toEqual(['starred']);
    expect(db.prepare('SELECT starred FROM entries').all()).toEqual([{ starred: 0 }]);
    // The table's definition now reads differently (the column is last), but its columns are integrate's.
    expect(changed(db)).toEqual([]);
  });

  it('a lost column SQLite cannot add to a table with rows (not null, no default) is not restorable', () => {
    const db = journal();
    db.exec('DROP INDEX entries_local_date; ALTER TABLE entries DROP COLUMN kind');
    expect(changed(db)[0]!.lost).toEqual([{ table: 'entries', name: 'kind', definition: 'kind TEXT NOT NULL', restorable: false }]);
    expect(restoreLostColumns(db)).toEqual([]);
    expect(changed(db)[0]!.lost.map((c) => c.name)).toEqual(['kind']);
  });

  it('a renamed column is lost beside one integrate did not create: not added back empty, its values may be under the new name', () => {
    const db = journal();
    db.exec('ALTER TABLE intentions RENAME COLUMN due_date TO due');
    expect(changed(db)).toEqual([{ table: 'intentions', added: ['due'], lost: [expect.objectContaining({ name: 'due_date', restorable: false })] }]);
    expect(restoreLostColumns(db)).toEqual([]);
  });

  it('a column added by another tool is named, nothing is lost', () => {
    const db = journal();
    db.exec('ALTER TABLE sessions ADD COLUMN colour TEXT');
    expect(changed(db)).toEqual([{ table: 'sessions', lost: [], added: ['colour'] }]);
  });

  it('describeColumns names them as table.column', () => {
    expect(describeColumns([{ table: 'entries', name: 'starred' }])).toBe('entries.starred');
    expect(describeColumns([{ table: 'a', name: 'x' }, { table: 'a', name: 'y' }, { table: 'b', name: 'z' }])).toBe('a.x, a.y and b.z');
  });
});
