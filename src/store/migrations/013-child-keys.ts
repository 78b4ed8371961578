import { columnDefinitions } from '../sql-columns.js';
import type { Migration } from './index.js';

// An entry's metrics, tags, practices and answers are each unique per entry by
// a UNIQUE index of its own rather than by the table's PRIMARY KEY. On disk and
// for every read or write the two are the same b-tree; the difference is that
// an index can be dropped and built again. An import into an empty journal
// does that inside its transaction: hundreds of thousands of keys that start
// with a random entry id are sorted once instead of inserted one by one at
// random places (a third of a 36,500-entry import). The tables keep their
// columns and row ids; only the key's declaration moves.
const TABLES: readonly { name: string; columns: string; key: string; indexes: readonly string[] }[] = [
  {
    name: 'entry_metrics',
    columns: `entry_id   TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        value      REAL NOT NULL,
        source     TEXT NOT NULL DEFAULT 'checkin',
        local_date TEXT NOT NULL DEFAULT ''`,
    key: 'entry_id, name',
    // entry_metrics_name (name) is not built again: the series index starts with the name and serves
    // every lookup by it, and one index fewer is less to write on every check-in and import.
    indexes: ['CREATE INDEX entry_metrics_series ON entry_metrics (name, source, local_date, value)'],
  },
  {
    name: 'entry_tags',
    columns: `entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        tag      TEXT NOT NULL`,
    key: 'entry_id, tag',
    indexes: ['CREATE INDEX entry_tags_tag ON entry_tags (tag)'],
  },
  {
    name: 'entry_practices',
    columns: `entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        practice TEXT NOT NULL`,
    key: 'entry_id, practice',
    indexes: ['CREATE INDEX entry_practices_practice ON entry_practices (practice)'],
  },
  {
    name: 'entry_answers',
    columns: `entry_id    TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        type        TEXT NOT NULL,
        prompt      TEXT NOT NULL,              -- the question as it was asked
        value       TEXT NOT NULL,              -- JSON: string, number, boolean or array
        insight     INTEGER NOT NULL DEFAULT 0,
        discuss     INTEGER NOT NULL DEFAULT 0,
        role        TEXT                        -- e.g. decision, unreal: what the summary should surface`,
    key: 'entry_id, question_id',
    indexes: [
      'CREATE INDEX entry_answers_insight ON entry_answers (entry_id) WHERE insight = 1',
      'CREATE INDEX entry_answers_discuss ON entry_answers (entry_id) WHERE discuss = 1 OR role IS NOT NULL',
    ],
  },
];

export const childKeys: Migration = {
  version: 13,
  name: 'child-keys',
  // The same tables, columns and rows: a journal at version 12 on read-only media is read as it is.
  readsAlike: true,
  up: (db) => {
    // A trigger or view planted by another tool that names one of these tables would make the
    // rename below fail (SQLite checks the whole schema then, while the old table is gone), and then
    // every command, doctor too: the rename leaves other objects as they are, and doctor reports them
    // after. (A planted trigger or index on one of these tables goes with the old table.)
    const legacy = db.pragma('legacy_alter_table', { simple: true }) as number;
    db.pragma('legacy_alter_table = ON');
    try {
      for (const t of TABLES) {
        // A column another program added to the table comes along, declared as it was, with its values.
        const ours = new Set(columnDefinitions(`(${t.columns})`).keys());
        const old = db.prepare<[string], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(t.name) ?? '';
        const definitions = columnDefinitions(old);
        const theirs = (db.prepare<[string], string>('SELECT name FROM pragma_table_xinfo(?)').pluck().all(t.name)).filter((n) => !ours.has(n));
        const names = [...ours, ...theirs.map((n) => `"${n.replace(/"/g, '""')}"`)].join(', ');
        const extra = theirs.map((n) => `\n        , ${definitions.get(n) ?? `"${n.replace(/"/g, '""')}"`}`).join('');
        // Rows whose entry is gone (written by another tool with foreign keys off) would fail the copy,
        // foreign keys being on; no command could show them, and a delete of their entry would have
        // taken them with it. They stay behind.
        db.exec(`
          CREATE TABLE ${t.name}_v13 (
        ${t.columns}${extra}
      );
          INSERT INTO ${t.name}_v13 (rowid, ${names})
            SELECT rowid, ${names} FROM ${t.name} WHERE entry_id IN (SELECT id FROM entries) ORDER BY rowid;
          DROP TABLE ${t.name};
          ALTER TABLE ${t.name}_v13 RENAME TO ${t.name};
          CREATE UNIQUE INDEX ${t.name}_key ON ${t.name} (${t.key});
          ${t.indexes.join(';\n          ')};
        `);
      }
    } finally {
      db.pragma(`legacy_alter_table = ${legacy ? 'ON' : 'OFF'}`);
    }
  },
};
