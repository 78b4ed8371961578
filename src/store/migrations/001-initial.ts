import type { Migration } from './index.js';

// Entries are the spine: check-ins now, journal answers, sessions and
// assessments hang off them (or beside them) in later migrations.
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up: (db) => {
    db.exec(`
      CREATE TABLE entries (
        id          TEXT PRIMARY KEY,             -- UUID v4
        created_at  TEXT NOT NULL,                -- UTC ISO 8601 instant
        utc_offset  INTEGER NOT NULL,             -- minutes east of UTC at writing
        local_date  TEXT NOT NULL,                -- the user's day, YYYY-MM-DD
        kind        TEXT NOT NULL,                -- checkin, journal, ...
        pack        TEXT,                         -- prompt pack id, if any
        private     INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
        starred     INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
        text        TEXT NOT NULL DEFAULT '',
        updated_at  TEXT
      );
      CREATE INDEX entries_created_at ON entries (created_at);
      CREATE INDEX entries_local_date ON entries (local_date, kind);

      CREATE TABLE entry_metrics (
        entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        name     TEXT NOT NULL,
        value    REAL NOT NULL,
        PRIMARY KEY (entry_id, name)
      );
      CREATE INDEX entry_metrics_name ON entry_metrics (name);

      CREATE TABLE entry_tags (
        entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        tag      TEXT NOT NULL,
        PRIMARY KEY (entry_id, tag)
      );
      CREATE INDEX entry_tags_tag ON entry_tags (tag);

      CREATE TABLE entry_practices (
        entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        practice TEXT NOT NULL,
        PRIMARY KEY (entry_id, practice)
      );
      CREATE INDEX entry_practices_practice ON entry_practices (practice);
    `);
  },
};
