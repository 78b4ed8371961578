// The columns of integrate's tables against what its migrations create: a
// column dropped, renamed or redeclared by another tool is found, and so is one
// another tool added that every new row must fill; nothing is changed.
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrations/index.js';
import { readSchema } from '../../src/store/schema.js';
import { columnDefinitions } from '../../src/store/sql-columns.js';
import { blockingChanges, changedTables, describeColumns } from '../../src/store/table-columns.js';

const dbs: Database.Database[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

const ENTRY = `INSERT INTO entries (id, created_at, utc_offset, local_date, kind, text, starred) VALUES ('0000aaaa-0000-4000-8000-000000000000', '2026-01-01T10:00:00.000Z', 60, '2026-01-01', 'checkin', 'kept', 1)`;

function journal(version?: number): Database.Database {
  const db = new Database(':memory:');
  dbs.push(db);
  migrate(db, version);
  db.prepare(ENTRY).run();
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

  it('a dropped column is lost, and blocks reading and writing', () => {
    const db = journal();
    db.exec('ALTER TABLE entries DROP COLUMN starred');
    const tables = changed(db);
    expect(tables).toEqual([{ table: 'entries', lost: [{ table: 'entries', name: 'starred' }], redeclared: [], added: [] }]);
    expect(blockingChanges(tables, { writing: false }).lost).toEqual([{ table: 'entries', name: 'starred' }]);
  });

  it('a renamed column: lost, beside an added one that does not block', () => {
    const db = journal();
    db.exec('ALTER TABLE intentions RENAME COLUMN due_date TO due');
    expect(changed(db)).toEqual([{ table: 'intentions', lost: [{ table: 'intentions', name: 'due_date' }], redeclared: [], added: [{ table: 'intentions', name: 'due', blocking: false }] }]);
  });

  it('an added column: kept and harmless, unless every new row must fill it (then it blocks writing only)', () => {
    const db = new Database(':memory:');
    dbs.push(db);
    migrate(db);
    // SQLite lets a NOT NULL column without a default be added to an empty table only.
    db.exec('ALTER TABLE sessions ADD COLUMN colour TEXT; ALTER TABLE safety_flags ADD COLUMN reviewer TEXT NOT NULL');
    const tables = changed(db);
    expect(tables.map((t) => [t.table, t.added])).toEqual([
      ['safety_flags', [{ table: 'safety_flags', name: 'reviewer', blocking: true }]],
      ['sessions', [{ table: 'sessions', name: 'colour', blocking: false }]],
    ]);
    expect(blockingChanges(tables, { writing: true }).mustFill).toEqual([{ table: 'safety_flags', name: 'reviewer', blocking: true }]);
    expect(blockingChanges(tables, { writing: false }).mustFill).toEqual([]);
  });

  it('a table rebuilt with a column declared otherwise: redeclared; a lost key blocks (foreign keys refer to it), another type does not', () => {
    const db = journal();
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'entry_metrics'").get() as { sql: string }).sql;
    db.pragma('foreign_keys = OFF');
    db.exec(`${sql.replace('entry_metrics', 'm2').replace('value      REAL NOT NULL', 'value TEXT NOT NULL')};
      INSERT INTO m2 SELECT * FROM entry_metrics; DROP TABLE entry_metrics; ALTER TABLE m2 RENAME TO entry_metrics;`);
    const entries = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'entries'").get() as { sql: string }).sql;
    db.exec('PRAGMA legacy_alter_table = ON');
    db.exec(`${entries.replace('CREATE TABLE entries', 'CREATE TABLE e2').replace('TEXT PRIMARY KEY', 'TEXT')};
      INSERT INTO e2 SELECT * FROM entries; DROP TABLE entries; ALTER TABLE e2 RENAME TO entries;`);
    const tables = changed(db);
    expect(tables.flatMap((t) => t.redeclared)).toEqual([
      { table: 'entries', name: 'id', was: 'TEXT PRIMARY KEY', now: 'TEXT' },
      { table: 'entry_metrics', name: 'value', was: 'REAL NOT NULL', now: 'TEXT NOT NULL' },
    ]);
    expect(blockingChanges(tables, { writing: false }).rekeyed).toEqual([{ table: 'entries', name: 'id', was: 'TEXT PRIMARY KEY', now: 'TEXT' }]);
  });

  it('describeColumns names them as table.column', () => {
    expect(describeColumns([{ table: 'entries', name: 'starred' }])).toBe('entries.starred');
    expect(describeColumns([{ table: 'a', name: 'x' }, { table: 'a', name: 'y' }, { table: 'b', name: 'z' }])).toBe('a.x, a.y and b.z');
  });
});

describe('migration 13 and a column another program added', () => {
  it('rebuilding the table keeps the column, declared as it was, with its values', () => {
    const db = journal(12);
    db.exec(`ALTER TABLE entry_metrics ADD COLUMN "my note" TEXT DEFAULT 'none';
      INSERT INTO entry_metrics (entry_id, name, value, source, local_date, "my note") VALUES ('0000aaaa-0000-4000-8000-000000000000', 'mood', 6, 'checkin', '2026-01-01', 'felt lighter after the walk')`);
    migrate(db);
    expect(db.prepare('SELECT name, value, "my note" AS note FROM entry_metrics').all()).toEqual([{ name: 'mood', value: 6, note: 'felt lighter after the walk' }]);
    expect(changed(db)).toEqual([{ table: 'entry_metrics', lost: [], redeclared: [], added: [{ table: 'entry_metrics', name: 'my note', blocking: false }] }]);
    expect(db.prepare("SELECT dflt_value FROM pragma_table_xinfo('entry_metrics') WHERE name = 'my note'").get()).toEqual({ dflt_value: "'none'" });
  });
});

describe('unreadableValues', () => {
  it('finds values in a form integrate does not write, out of range too, and not those an import keeps in another ISO form', async () => {
    const { unreadableValues } = await import('../../src/store/table-columns.js');
    const db = journal();
    db.prepare("INSERT INTO entry_metrics (entry_id, name, value, source, local_date) VALUES ('0000aaaa-0000-4000-8000-000000000000', 'mood', 6, 'checkin', '2026-01-01')").run();
    db.prepare("INSERT INTO entry_metrics (entry_id, name, value, source, local_date) VALUES ('0000aaaa-0000-4000-8000-000000000000', 'energy', 5, 'checkin', '2026-01-01')").run();
    expect(unreadableValues(db, [])).toEqual([]);
    // A metric beyond what one holds (imported before the limit): its means are Infinity.
    db.exec("UPDATE entry_metrics SET value = 1e308 WHERE name = 'energy'");
    expect(unreadableValues(db, [])).toEqual([{ table: 'entry_metrics', name: 'value', rows: 1, ids: ['0000aaaa'] }]);
    db.exec("UPDATE entry_metrics SET value = -1000000000 WHERE name = 'energy'");
    expect(unreadableValues(db, [])).toEqual([]);
    // An import keeps a file's updatedAt in its own ISO form: read by every command, not reported.
    db.exec("UPDATE entries SET updated_at = '2026-12-02T03:00:00.123456+01:00'");
    expect(unreadableValues(db, [])).toEqual([]);
    db.exec(`UPDATE entries SET created_at = '2026-12-01T25:00:00.000Z', local_date = '2026-02-30', utc_offset = 'sixty', updated_at = 'yesterday';
      UPDATE entry_metrics SET value = 'six'`);
    expect(unreadableValues(db, [])).toEqual([
      { table: 'entries', name: 'created_at', rows: 1, ids: ['0000aaaa'] },
      { table: 'entries', name: 'local_date', rows: 1, ids: ['0000aaaa'] },
      { table: 'entries', name: 'utc_offset', rows: 1, ids: ['0000aaaa'] },
      { table: 'entries', name: 'updated_at', rows: 1, ids: ['0000aaaa'] },
      // Two rows of one entry: its id once.
      { table: 'entry_metrics', name: 'value', rows: 2, ids: ['0000aaaa'] },
    ]);
    expect(unreadableValues(db, [{ table: 'entries', name: 'created_at' }]).map((v) => v.name)).toEqual(['local_date', 'utc_offset', 'updated_at', 'value']);
  });
});
